import { DistsyncError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES, request, saveBodyVerified } from './http-body.js';
import { httpFailure } from './http-failure.js';

/** How a downloaded Source0 was checked, for the proposal's notes. */
export interface DownloadedSource {
  /** 'digest': sha256 equal to the release asset's digest; 'none': no digest published. */
  verified: 'digest' | 'none';
  sha256: string;
}

/**
 * Download a Source0 URL to dest when it is a release asset on the forge or an
 * https URL of the upstream project; null when it is neither (make the tarball with git archive).
 */
export type SourceDownloader = (url: string, dest: string, ctx: { upstreamProjectUrl?: string | undefined }) => Promise<DownloadedSource | null>;

export interface SourceDownloaderOptions {
  /** The forge's web base, e.g. https://github.com (release asset URLs start with it). */
  webBaseUrl: string;
  /** Its REST API, e.g. https://api.github.com or https://HOST/api/v3. */
  apiBaseUrl: string;
  /** Sent to the API (and asset downloads) only: the App's installation token. */
  token?: string;
  maxBytes?: number;
  timeoutMs?: number;
}

/** OWNER/REPO, TAG and asset NAME of `WEB/OWNER/REPO/releases/download/TAG/NAME`, or undefined. */
export function releaseAssetOf(webBaseUrl: string, url: string): { repo: string; tag: string; name: string } | undefined {
  const base = webBaseUrl.replace(/\/+$/, '');
  if (!url.startsWith(`${base}/`)) return undefined;
  const m = /^([^/]+\/[^/]+)\/releases\/download\/(.+)\/([^/]+)$/.exec(url.slice(base.length + 1));
  return m ? { repo: m[1]!, tag: decodeURIComponent(m[2]!), name: decodeURIComponent(m[3]!) } : undefined;
}

/**
 * Release assets come through the forge's API (GET …/releases/tags/TAG, then the asset with
 * Accept: application/octet-stream), checked against the asset's `digest` (sha256) when the
 * forge gives one; other https URLs under upstream_project_url are downloaded as they are.
 */
export function createSourceDownloader(o: SourceDownloaderOptions): SourceDownloader {
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = o.timeoutMs ?? 3_600_000;
  const api = o.apiBaseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = o.token ? { authorization: `Bearer ${o.token}` } : {};

  async function save(res: Response, url: string, dest: string, digest: string | undefined): Promise<DownloadedSource> {
    if (!res.ok) throw await httpFailure('downloading', url, res);
    const sha256 = await saveBodyVerified(res, url, 'sha256', digest, dest, maxBytes);
    if (digest !== undefined && sha256 !== digest) {
      throw new DistsyncError('hash-mismatch', `${url} has sha256 ${sha256}, but the release says its digest is sha256:${digest}`, {
        next: 'the download was damaged or the asset was replaced after its digest was published: ask the upstream project, then run again; nothing was written',
      });
    }
    return { verified: digest === undefined ? 'none' : 'digest', sha256 };
  }

  return async (url, dest, ctx) => {
    if (!url.startsWith('https://') && !url.startsWith(`${o.webBaseUrl.replace(/\/+$/, '')}/`)) return null;
    const asset = releaseAssetOf(o.webBaseUrl, url);
    if (asset) {
      const relUrl = `${api}/repos/${asset.repo}/releases/tags/${encodeURIComponent(asset.tag)}`;
      const rel = await request(relUrl, { headers: { ...auth, accept: 'application/vnd.github+json' } }, timeoutMs);
      if (!rel.ok) throw await httpFailure(`reading the release ${asset.tag} of ${asset.repo} at`, relUrl, rel);
      const body = (await rel.json()) as { assets?: { name: string; url: string; digest?: string | null }[] };
      const found = body.assets?.find((a) => a.name === asset.name);
      if (!found) {
        throw new DistsyncError('lookaside-missing', `the release ${asset.tag} of ${asset.repo} has no asset ${asset.name} (Source0 is ${url})`, {
          next: `upload ${asset.name} to the release, or fix Source0; then run propose-downstream again`,
        });
      }
      const digest = /^sha256:([0-9a-f]{64})$/.exec(found.digest ?? '')?.[1];
      // The token goes to the forge's API only (an asset URL elsewhere gets none).
      const res = await request(found.url, { headers: { ...(found.url.startsWith(`${api}/`) ? auth : {}), accept: 'application/octet-stream' } }, timeoutMs);
      return save(res, url, dest, digest);
    }
    const project = ctx.upstreamProjectUrl?.replace(/\/+$/, '');
    if (!project || !/^https:\/\//.test(project) || !url.startsWith(`${project}/`)) return null;
    return save(await request(url, {}, timeoutMs), url, dest, undefined);
  };
}
