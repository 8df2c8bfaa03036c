import { isAbsolute, resolve } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { createFedoraLookaside } from './fedora-store.js';
import { createGitLookaside } from './git-store.js';
import { DEFAULT_NAMESPACE } from './fedora-url.js';
import { createLocalLookaside } from './local-store.js';
import { createS3Lookaside } from './s3-store.js';
import type { LookasideStore } from './types.js';

export const LOOKASIDE_FORMS = [
  'DIR (a local directory)',
  'fedora+https://HOST/repo/pkgs[?namespace=NS] (dist-git lookaside root: objects under …/NS/NAME/FILE/HASHTYPE/HASH/FILE, NS default rpms, ?namespace= for none; upload to …/upload.cgi unless --lookaside-upload URL; Authorization header from DISTSYNC_LOOKASIDE_AUTHORIZATION)',
  's3://BUCKET/PREFIX?region=REGION[&endpoint=https://HOST][&path-style=true|false] (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)',
  'git+REPO#BRANCH (a git lookaside: REPO a URL or path, tarballs as files on BRANCH, one commit each)',
];

/** The environment variables read (the CLI passes hostEnv()). */
export interface LookasideEnv {
  readonly [name: string]: string | undefined;
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
  /** Whole Authorization header value for a Fedora lookaside ('Bearer …', 'Basic …'). */
  DISTSYNC_LOOKASIDE_AUTHORIZATION?: string | undefined;
}

export interface LookasideFactoryOptions {
  /** Fedora upload.cgi URL when it is not DOWNLOAD/upload.cgi. */
  uploadUrl?: string;
  /** Extra headers for a Fedora lookaside (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Extra git settings for a git lookaside (e.g. http.extraHeader with a token); never logged. */
  gitConfig?: string[];
  /** Strings hidden from git logs and messages. */
  secrets?: string[];
}

/** The spec as it may be shown: user:password@ in a URL becomes ***@. */
const shown = (spec: string) => spec.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');

const usage = (spec: string, why: string) =>
  new DistsyncError('usage', `--lookaside ${shown(spec)}: ${why}`, { next: `pass one of:\n    ${LOOKASIDE_FORMS.join('\n    ')}` });

/** True for the URL forms (anything with SCHEME://), false for a directory. */
export function isRemoteLookaside(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || /^git\+/i.test(spec);
}

/**
 * A lookaside store from its command-line form. The environment is passed in
 * (the CLI hands hostEnv()); this module never reads process.env.
 */
export function createLookasideStore(spec: string, env: LookasideEnv = {}, opts: LookasideFactoryOptions = {}): LookasideStore {
  if (/^git\+/i.test(spec)) {
    if (opts.uploadUrl) throw usage(spec, '--lookaside-upload goes with a fedora+https:// lookaside only');
    return createGitLookaside({ ...gitLookasideTarget(spec), ...(opts.gitConfig ? { config: opts.gitConfig } : {}), ...(opts.secrets ? { secrets: opts.secrets } : {}) });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec)?.[1]?.toLowerCase();
  if (opts.uploadUrl && !/^fedora\+https?:\/\//i.test(spec)) throw usage(spec, '--lookaside-upload goes with a fedora+https:// lookaside only');
  if (scheme === undefined) {
    if (spec.trim() === '') throw usage(spec, 'empty');
    return createLocalLookaside(isAbsolute(spec) ? spec : resolve(spec));
  }
  const url = parseUrl(spec);
  if (url.username || url.password) throw usage(spec, 'credentials do not belong in the URL (it shows up in messages)');
  if (scheme === 'fedora+https' || scheme === 'fedora+http') {
    const download = `${scheme.slice('fedora+'.length)}://${url.host}${url.pathname.replace(/\/+$/, '')}`;
    const namespace = fedoraNamespace(spec, url);
    if (opts.uploadUrl) parseUrl(opts.uploadUrl);
    const auth = env.DISTSYNC_LOOKASIDE_AUTHORIZATION;
    return createFedoraLookaside({
      downloadUrl: download,
      namespace,
      uploadUrl: opts.uploadUrl ?? `${download}/upload.cgi`,
      headers: { ...(auth ? { authorization: auth } : {}), ...(opts.headers ?? {}) },
    });
  }
  if (scheme === 's3') {
    const region = url.searchParams.get('region');
    if (!region) throw usage(spec, 'an s3 lookaside needs ?region=…');
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new DistsyncError('usage', `--lookaside ${shown(spec)}: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set`, { next: 'export both for the bucket, then run again' });
    }
    const endpoint = url.searchParams.get('endpoint');
    if (endpoint !== null) parseUrl(endpoint);
    const pathStyle = url.searchParams.get('path-style');
    return createS3Lookaside({
      endpoint: endpoint ?? `https://s3.${region}.amazonaws.com`,
      bucket: url.hostname,
      region,
      accessKeyId,
      secretAccessKey,
      prefix: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
      // Custom endpoints (MinIO, Ceph, R2…) usually want the bucket in the path.
      forcePathStyle: pathStyle === null ? endpoint !== null : pathStyle === 'true',
    });
  }
  throw usage(spec, `unknown scheme '${scheme}://'`);
}

/** `git+REPO#BRANCH`: REPO a URL (no credentials in it) or a path (made absolute). */
function gitLookasideTarget(spec: string): { repo: string; branch: string } {
  const body = spec.slice('git+'.length);
  const hash = body.lastIndexOf('#');
  if (hash < 0) throw usage(spec, 'a git lookaside needs its branch: git+REPO#BRANCH');
  const repo = body.slice(0, hash);
  const branch = body.slice(hash + 1);
  if (!repo) throw usage(spec, 'no repository before #BRANCH');
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(branch) || branch.includes('..') || branch.endsWith('/') || branch.endsWith('.lock')) {
    throw usage(spec, `'${branch}' is not a branch name`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) {
    const url = parseUrl(repo);
    if (url.password || (url.username && url.protocol !== 'ssh:')) throw usage(spec, 'credentials do not belong in the URL (it shows up in messages)');
    return { repo, branch };
  }
  if (/^[^/]+@[^/:]+:/.test(repo)) return { repo, branch }; // scp-style git@host:path
  return { repo: isAbsolute(repo) ? repo : resolve(repo), branch };
}

/** `?namespace=` (default rpms, '' for none); the URL is the lookaside root, so it may not end in the namespace itself. */
function fedoraNamespace(spec: string, url: URL): string {
  const extra = [...url.searchParams.keys()].filter((k) => k !== 'namespace');
  if (extra.length) throw usage(spec, `unknown parameter ${extra.map((k) => `'${k}'`).join(', ')} (a fedora+ lookaside takes ?namespace= only)`);
  const namespace = url.searchParams.get('namespace') ?? DEFAULT_NAMESPACE;
  if (namespace !== '' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(namespace)) throw usage(spec, `'${namespace}' is not a dist-git namespace (a plain name like rpms, modules, containers)`);
  const last = url.pathname.replace(/\/+$/, '').split('/').pop();
  if (namespace !== '' && last === namespace) {
    const root = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '').slice(0, -namespace.length - 1)}`;
    throw usage(spec, `the URL ends in the namespace '${namespace}', which distsync adds itself: pass the lookaside root --lookaside ${root} (where upload.cgi lives; ?namespace=NS when it is not ${DEFAULT_NAMESPACE})`);
  }
  return namespace;
}

function parseUrl(s: string): URL {
  try {
    const u = new URL(s);
    if (!u.hostname) throw new Error('no host');
    return u;
  } catch {
    throw usage(s, 'not a valid URL');
  }
}
