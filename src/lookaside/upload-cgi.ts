import { openAsBlob } from 'node:fs';
import { DistsyncError } from '../core/errors.js';
import { firstLine, httpFailure, request } from './http-body.js';
import type { LookasideRef } from './types.js';

export interface UploadCgi {
  url: string;
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
 * The server picks the hash type from which `<algo>sum` field is present.
 * Fedora's upload.cgi knows `sha512sum` and `md5sum` (md5 uploads are refused
 * there); for sha1/sha256 we send `sha1sum`/`sha256sum` the same way, which
 * servers that know them accept and others answer with an HTTP error.
 * We send no other fields (no `hash`/`hashtype` field exists in the protocol).
 */
export function checkFields(ref: LookasideRef): Record<string, string> {
  return { name: ref.pkg, [`${ref.algo}sum`]: ref.hash, filename: ref.file };
}

/** True when the server says Available, false for Missing; anything else is an error. */
export async function cgiCheck(cgi: UploadCgi, ref: LookasideRef): Promise<boolean> {
  const form = new FormData();
  for (const [k, v] of Object.entries(checkFields(ref))) form.append(k, v);
  const res = await request(cgi.url, { method: 'POST', headers: cgi.headers, body: form }, cgi.timeoutMs);
  if (!res.ok) throw await httpFailure(`checking ${ref.file} at`, cgi.url, res);
  const answer = await firstLine(res);
  if (answer === 'Available') return true;
  if (answer === 'Missing') return false;
  throw new DistsyncError('lookaside-missing', `checking ${ref.file} at ${cgi.url}: unexpected answer '${answer}' (expected Available or Missing)`, {
    next: 'check that the upload URL points at a dist-git upload.cgi',
  });
}

/** Upload the file; the server hashes what it receives and refuses a mismatch (HTTP 400). */
export async function cgiUpload(cgi: UploadCgi, ref: LookasideRef, srcPath: string): Promise<void> {
  const form = new FormData();
  form.append('name', ref.pkg);
  form.append(`${ref.algo}sum`, ref.hash);
  form.append('file', await openAsBlob(srcPath), ref.file);
  const res = await request(cgi.url, { method: 'POST', headers: cgi.headers, body: form }, cgi.uploadTimeoutMs);
  if (!res.ok) throw await httpFailure(`uploading ${ref.file} to`, cgi.url, res);
  await res.body?.cancel();
}
