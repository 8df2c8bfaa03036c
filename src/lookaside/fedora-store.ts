import { DistsyncError } from '../core/errors.js';
import { hashFile } from './hash-file.js';
import { DEFAULT_MAX_BYTES, httpFailure, request, saveBodyVerified } from './http-body.js';
import { checkRef } from './safe-ref.js';
import type { LookasideRef, LookasideStore } from './types.js';
import { cgiCheck, cgiUpload, type UploadCgi } from './upload-cgi.js';

export interface FedoraLookasideOptions {
  /** Download base, e.g. https://src.fedoraproject.org/repo/pkgs */
  downloadUrl: string;
  /** upload.cgi, e.g. https://src.fedoraproject.org/repo/pkgs/upload.cgi */
  uploadUrl: string;
  /** Sent with every request (e.g. Authorization); never logged nor put in messages. */
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
  transferTimeoutMs?: number;
}

const enc = encodeURIComponent;

/** Fedora's layout NAME/FILE/HASHTYPE/HASH/FILE, then the old NAME/FILE/HASH/FILE (md5 only). */
export function downloadUrls(base: string, ref: LookasideRef): string[] {
  const b = base.replace(/\/+$/, '');
  const urls = [`${b}/${enc(ref.pkg)}/${enc(ref.file)}/${ref.algo}/${ref.hash}/${enc(ref.file)}`];
  if (ref.algo === 'md5') urls.push(`${b}/${enc(ref.pkg)}/${enc(ref.file)}/${ref.hash}/${enc(ref.file)}`);
  return urls;
}

/**
 * A Fedora/CentOS dist-git lookaside cache over HTTP(S).
 *
 * What the protocol can tell: upload.cgi's check answers whether an object
 * with this NAME, FILE *and hash* exists — by hash, so "Missing" does not mean
 * the name is free: another upload of FILE with other content may exist under
 * another hash (the layout keeps both). It cannot list a name's hashes, so we
 * cannot detect "same name, other content" beyond that; a stored object at our
 * hash URL whose bytes hash differently (damage) we do detect, by downloading.
 */
export function createFedoraLookaside(o: FedoraLookasideOptions): LookasideStore {
  const headers = { ...(o.headers ?? {}) };
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = o.timeoutMs ?? 60_000;
  const transferTimeoutMs = o.transferTimeoutMs ?? 3_600_000;
  const cgi: UploadCgi = { url: o.uploadUrl, headers, timeoutMs, uploadTimeoutMs: transferTimeoutMs };

  /** Download to dest (or only hash, dest undefined): 'missing' when every URL is 404. */
  async function download(ref: LookasideRef, dest: string | undefined): Promise<'ok' | { missing: string[] }> {
    const urls = downloadUrls(o.downloadUrl, ref);
    for (const url of urls) {
      const res = await request(url, { headers }, transferTimeoutMs);
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel();
        continue;
      }
      if (!res.ok) throw await httpFailure('downloading', url, res);
      const actual = await saveBodyVerified(res, url, ref.algo, ref.hash, dest, maxBytes);
      if (actual === ref.hash) return 'ok';
      throw new DistsyncError('hash-mismatch', `${url} has ${ref.algo} ${actual}, expected ${ref.hash}`, {
        next: 'the lookaside copy is damaged or the checksum line is wrong; ask the lookaside admins or fix the checksum file',
      });
    }
    return { missing: urls };
  }

  const describe = () => `Fedora lookaside ${o.downloadUrl} (upload ${o.uploadUrl})`;
  return {
    describe,
    /** Downloads and hashes (bytes dropped): the only way this protocol tells the stored bytes are right. */
    async has(raw) {
      return (await download(checkRef(raw), undefined)) === 'ok';
    },
    async fetch(raw, destPath) {
      const ref = checkRef(raw);
      const got = await download(ref, destPath);
      if (got !== 'ok') {
        throw new DistsyncError('lookaside-missing', `${ref.file} (${ref.algo} ${ref.hash.slice(0, 16)}…) is not in the lookaside: HTTP 404 for\n  ${got.missing.join('\n  ')}`, {
          next: `upload ${ref.file} (fedpkg new-sources / distsync propose-downstream), or check --lookaside`,
        });
      }
    },
    async put(raw, srcPath) {
      const ref = checkRef(raw);
      const srcHash = await hashFile(srcPath, ref.algo);
      if (srcHash !== ref.hash) {
        throw new DistsyncError('hash-mismatch', `${srcPath} has ${ref.algo} ${srcHash}, expected ${ref.hash}`, {
          file: srcPath,
          next: `upload the right file, or record ${ref.algo} ${srcHash} in the checksum file`,
        });
      }
      // The download URL first: a damaged object at our hash path is an error
      // (hash-mismatch from download), an intact one means nothing to do.
      if ((await download(ref, undefined)) === 'ok') return;
      if (!(await cgiCheck(cgi, ref))) await cgiUpload(cgi, ref, srcPath);
      if (!(await cgiCheck(cgi, ref))) {
        throw new DistsyncError('lookaside-missing', `uploaded ${ref.file} to ${o.uploadUrl} but the server still says Missing`, {
          next: 'check the upload.cgi server log; the upload did not stick',
        });
      }
    },
  };
}
