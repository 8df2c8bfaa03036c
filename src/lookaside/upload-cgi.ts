import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { DistsyncError } from '../core/errors.js';
import { lookasideName } from './fedora-url.js';
import { httpFailure } from './http-failure.js';
import { request } from './http-body.js';
import type { HashAlgo, LookasideRef } from './types.js';

export interface UploadCgi {
  url: string;
  /** dist-git namespace ('rpms'); '' for a lookaside without namespaces. */
  namespace: string;
  headers: Record<string, string>;
  timeoutMs: number;
  uploadTimeoutMs: number;
}

/**
 * dist-git's upload.cgi, as fedpkg/rpkg speak it (multipart/form-data POST):
 *
 * - check:  `name`, `<algo>sum` (e.g. `sha512sum`), `filename` → body `Available` or `Missing`
 * - upload: `name`, `<algo>sum`, `file` (the content; its multipart filename is
 *           the file name). No `filename` field: the server takes a request that
 *           has one for a check and would store nothing.
 *
 * `name` is `NAMESPACE/NAME` (fedpkg's `lookaside_namespaced`). The server
 * picks the hash type from which `<algo>sum` field is present: dist-git's
 * knows `sha512sum` and `md5sum` (md5 uploads refused); others answer 400
 * "Required checksum is not present" — which `cgiProbe` asks before any work.
 */
export function checkFields(cgi: Pick<UploadCgi, 'namespace'>, ref: LookasideRef): Record<string, string> {
  return { name: lookasideName(ref.pkg, cgi.namespace), [`${ref.algo}sum`]: ref.hash, filename: ref.file };
}

/** True when the server says Available, false for Missing; anything else is an error. */
export async function cgiCheck(cgi: UploadCgi, ref: LookasideRef, what = `checking ${ref.file} at`): Promise<boolean> {
  const form = new FormData();
  for (const [k, v] of Object.entries(checkFields(cgi, ref))) form.append(k, v);
  const res = await request(cgi.url, { method: 'POST', headers: cgi.headers, body: form }, cgi.timeoutMs);
  if (!res.ok) throw await httpFailure(what, cgi.url, res);
  const answer = ((await res.text()).split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim().slice(0, 200);
  if (answer === 'Available') return true;
  if (answer === 'Missing') return false;
  throw new DistsyncError('lookaside-failed', `${what} ${cgi.url}: unexpected answer '${answer}' (expected Available or Missing)`, {
    next: 'check that the upload URL points at a dist-git upload.cgi (--lookaside-upload)',
  });
}

/** A name no source file has: the probe's check asks about it. */
export const PROBE_FILE = '.distsync-preflight';

/**
 * Ask the CGI, before any work, whether it takes `algo` checksums for `pkg`:
 * one check request for a file that does not exist. The server answers it
 * only when the hash type is one it knows (else 400), the package exists
 * (else 404 Module … does not exist) and we may talk to it (else 401/403).
 */
export async function cgiProbe(cgi: UploadCgi, pkg: string, algo: HashAlgo): Promise<void> {
  const hash = createHash(algo).update(PROBE_FILE).digest('hex');
  await cgiCheck(cgi, { pkg, file: PROBE_FILE, algo, hash }, `asking whether ${lookasideName(pkg, cgi.namespace)} takes ${algo} uploads at`);
}

/** Upload the file; the server hashes what it receives and refuses a mismatch (HTTP 400). */
export async function cgiUpload(cgi: UploadCgi, ref: LookasideRef, srcPath: string): Promise<void> {
  const form = new FormData();
  form.append('name', lookasideName(ref.pkg, cgi.namespace));
  form.append(`${ref.algo}sum`, ref.hash);
  form.append('file', await openAsBlob(srcPath), ref.file);
  const res = await request(cgi.url, { method: 'POST', headers: cgi.headers, body: form }, cgi.uploadTimeoutMs);
  if (!res.ok) throw await httpFailure(`uploading ${ref.file} to`, cgi.url, res);
  await res.body?.cancel();
}
