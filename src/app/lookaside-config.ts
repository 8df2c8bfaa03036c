import { DistsyncError } from '../core/errors.js';
import { createLookasideStore, type LookasideEnv, type LookasideStore } from '../lookaside/index.js';
import { authHeader } from '../git/run-git.js';

/** The App's lookaside store as the operator configures it in the environment. */
export interface AppLookasideConfig {
  /** DISTSYNC_LOOKASIDE: any --lookaside form (fedora+https://…, s3://…, git+REPO#BRANCH, DIR). */
  spec: string;
  /** DISTSYNC_LOOKASIDE_UPLOAD: upload.cgi of a fedora+ store when not at its root. */
  uploadUrl?: string;
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / DISTSYNC_LOOKASIDE_AUTHORIZATION. */
  credentials: LookasideEnv;
}

/**
 * Read (and check, by opening it once) the operator's lookaside from environment values;
 * undefined when DISTSYNC_LOOKASIDE is not set (the local DISTSYNC_LOOKASIDE_DIR is used).
 * A bad value is a usage error naming the variable.
 */
export function appLookasideConfig(get: (name: string) => string | undefined): AppLookasideConfig | undefined {
  const spec = get('DISTSYNC_LOOKASIDE');
  if (!spec) return undefined;
  const uploadUrl = get('DISTSYNC_LOOKASIDE_UPLOAD');
  const credentials: LookasideEnv = {
    AWS_ACCESS_KEY_ID: get('AWS_ACCESS_KEY_ID'),
    AWS_SECRET_ACCESS_KEY: get('AWS_SECRET_ACCESS_KEY'),
    DISTSYNC_LOOKASIDE_AUTHORIZATION: get('DISTSYNC_LOOKASIDE_AUTHORIZATION'),
  };
  const config: AppLookasideConfig = { spec, credentials, ...(uploadUrl ? { uploadUrl } : {}) };
  try {
    openAppLookaside(config, 'https://github.com');
  } catch (e) {
    if (e instanceof DistsyncError) throw new DistsyncError('usage', `DISTSYNC_LOOKASIDE: ${e.message.replace(/^--lookaside /, '')}`, { ...(e.next ? { next: e.next.replace(/--lookaside/g, 'DISTSYNC_LOOKASIDE') } : {}) });
    throw e;
  }
  return config;
}

/**
 * The store for one job. A git lookaside on the App's own git host gets the job's installation
 * token (in a header, redacted); no other store ever sees it.
 */
export function openAppLookaside(c: AppLookasideConfig, gitBaseUrl: string, auth?: { token: string }): LookasideStore {
  const host = new URL(gitBaseUrl).host;
  const onGitHost = /^git\+https:\/\//i.test(c.spec) && new URL(c.spec.slice('git+'.length).split('#')[0]!).host === host;
  const token = auth && onGitHost ? { gitConfig: [`http.extraHeader=${authHeader(auth.token)}`], secrets: [auth.token, Buffer.from(`x-access-token:${auth.token}`).toString('base64')] } : {};
  return createLookasideStore(c.spec, c.credentials, { ...(c.uploadUrl ? { uploadUrl: c.uploadUrl } : {}), ...token });
}
