import { DistsyncError, type DistsyncErrorCode } from '../core/errors.js';
import { serverMessage } from './server-message.js';

const RETRY = 'the server failed, not the request: retry later; if it keeps failing, tell the lookaside admins (their server log has the cause)';

/** Code and next step for a failed request, from its status and what the server said. */
export function adviceFor(status: number, said: string): { code: DistsyncErrorCode; next: string } {
  if (status === 401 || status === 403) {
    if (/RequestTimeTooSkewed/.test(said)) return { code: 'lookaside-denied', next: "this machine's clock is off: fix it (timedatectl / chrony), then run again" };
    return {
      code: 'lookaside-denied',
      next: 'check the credentials given to the lookaside ($DISTSYNC_LOOKASIDE_AUTHORIZATION for fedora+https://, $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY for s3://) and that they may write there, then run again',
    };
  }
  if (status === 400 && /Required checksum is not present/i.test(said)) {
    return {
      code: 'lookaside-incompatible',
      next: "dist-git's upload.cgi takes sha512 (md5 only for old files): record sha512 in the checksum file, or use a store that takes any hash (DIR, s3://, git+URL#BRANCH)",
    };
  }
  if (status === 400 && /check failed/i.test(said)) return { code: 'lookaside-failed', next: 'the bytes were damaged on the way (a proxy?); run again, and check what sits between you and the server' };
  if (status === 400) return { code: 'lookaside-failed', next: 'the server refused the request itself: check that --lookaside (and --lookaside-upload) point at a dist-git lookaside or an S3 endpoint; retrying will not help' };
  const module = /Module "([^"]+)" does not exist/.exec(said);
  if (status === 404 && module) {
    return {
      code: 'lookaside-incompatible',
      next: `the lookaside knows no package ${module[1]}: check the package name (downstream_package_name) and the namespace (--lookaside fedora+https://HOST/repo/pkgs?namespace=NS, default rpms; ?namespace= for none)`,
    };
  }
  if (status === 404 && /NoSuchBucket/.test(said)) return { code: 'lookaside-incompatible', next: 'the bucket does not exist at this endpoint: check s3://BUCKET, ?region= and ?endpoint= in --lookaside' };
  if (status === 404) return { code: 'lookaside-failed', next: 'check the lookaside URL (and --lookaside-upload): nothing answers there' };
  if (status === 406 && /md5/i.test(said)) return { code: 'lookaside-incompatible', next: 'this lookaside refuses md5 uploads: record sha512 in the checksum file' };
  if (status === 413) return { code: 'lookaside-failed', next: 'the server refuses a file this large: ask the lookaside admins to raise the limit' };
  if (status === 408 || status === 429 || status >= 500) return { code: 'lookaside-failed', next: RETRY };
  return { code: 'lookaside-failed', next: 'check the lookaside URL and the server log' };
}

/**
 * A failed request to a remote store as a DistsyncError: the URL, the status
 * and what the server said (extracted from HTML/XML bodies), never headers
 * (they carry credentials); `next` specific to the status.
 */
export async function httpFailure(what: string, url: string, res: Response): Promise<DistsyncError> {
  const said = serverMessage(await res.text().catch(() => ''));
  const { code, next } = adviceFor(res.status, said);
  return new DistsyncError(code, `${what} ${url}: HTTP ${res.status}${said ? ` — ${said}` : ''}`, { next });
}
