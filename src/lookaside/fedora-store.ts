import { DistsyncError } from '../core/errors.js';
import { downloadUrls, DEFAULT_NAMESPACE } from './fedora-url.js';
import { hashFile } from './hash-file.js';
import { DEFAULT_MAX_BYTES, request, saveBodyVerified } from './http-body.js';
import { httpFailure } from './http-failure.js';
import { checkRef } from './safe-ref.js';
import type { LookasideRef, LookasideStore } from './types.js';
import { cgiCheck, cgiProbe, cgiUpload, type UploadCgi } from './upload-cgi.js';

export interface FedoraLookasideOptions {
  /** Download base, e.g. https://src.fedoraproject.org/repo/pkgs */
  downloadUrl: string;
  /** upload.cgi, e.g. https://src.fedoraproject.org/repo/pkgs/upload.cgi */
  uploadUrl: string;
  /** dist-git namespace: objects live under BASE/NAMESPACE/NAME/… (default 'rpms'; '' for none). */
  namespace?: string;
  /** Sent with every request (e.g. Authorization); never logged nor put in messages. */
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
  transferTimeoutMs?: number;
}

/**
 * A Fedora/CentOS dist-git lookaside cache over HTTP(S), namespaced as
 * dist-git is (`BASE/rpms/NAME/FILE/HASHTYPE/HASH/FILE`).
 *
 * What the protocol can tell: upload.cgi's check answers whether an object
 * with this NAME, FILE *and hash* exists — by hash, so "Missing" does not mean
 * the name is free. Only a download tells the stored bytes are right, so put
 * always ends with one: a damaged object under our hash is refused, and an
 * object upload.cgi has but the download URL does not serve (wrong namespace
 * or URL) is an error, never a success.
 */
export function createFedoraLookaside(o: FedoraLookasideOptions): LookasideStore {
  const headers = { ...(o.headers ?? {}) };
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = o.timeoutMs ?? 60_000;
  const transferTimeoutMs = o.transferTimeoutMs ?? 3_600_000;
  const namespace = o.namespace ?? DEFAULT_NAMESPACE;
  const cgi: UploadCgi = { url: o.uploadUrl, namespace, headers, timeoutMs, uploadTimeoutMs: transferTimeoutMs };

  /** Download to dest (or only hash, dest undefined): 'missing' when every URL is 404. */
  async function download(ref: LookasideRef, dest: string | undefined): Promise<'ok' | { missing: string[] }> {
    const urls = downloadUrls(o.downloadUrl, namespace, ref);
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
        next: 'the lookaside copy is damaged or the checksum line is wrong; ask the lookaside admins to remove the object, or fix the checksum file',
      });
    }
    return { missing: urls };
  }

  /** upload.cgi has the object but the download URLs do not serve it: the URL or namespace is wrong. */
  function notServed(ref: LookasideRef, missing: string[], uploaded: boolean): DistsyncError {
    return new DistsyncError('lookaside-incompatible', `${o.uploadUrl} says ${ref.file} is ${uploaded ? 'stored' : 'Available'}, but it is not served at\n  ${missing.join('\n  ')}`, {
      next: `the download URL or namespace does not match the CGI's: pass the lookaside root (where upload.cgi lives) as fedora+https://HOST/repo/pkgs and its namespace as ?namespace=NS (now '${namespace}'; ?namespace= for none); nothing is trusted until it downloads with the right hash`,
    });
  }

  const describe = () => `Fedora lookaside ${o.downloadUrl}${namespace ? ` (namespace ${namespace})` : ''} (upload ${o.uploadUrl})`;
  return {
    describe,
    async preflight(pkg, algo) {
      try {
        await cgiProbe(cgi, pkg, algo);
      } catch (e) {
        if (e instanceof DistsyncError && e.code === 'lookaside-incompatible' && /Required checksum/.test(e.message)) {
          throw new DistsyncError('lookaside-incompatible', `${o.uploadUrl} does not take ${algo} checksums (${e.message.replace(/^.*: (HTTP \d+)/s, '$1')}): dist-git's upload.cgi needs sha512`, { ...(e.next ? { next: e.next } : {}) });
        }
        throw e;
      }
    },
    /** Downloads and hashes (bytes dropped): the only way this protocol tells the stored bytes are right. */
    async has(raw) {
      return (await download(checkRef(raw), undefined)) === 'ok';
    },
    async fetch(raw, destPath) {
      const ref = checkRef(raw);
      const got = await download(ref, destPath);
      if (got !== 'ok') {
        throw new DistsyncError('lookaside-missing', `${ref.file} (${ref.algo} ${ref.hash.slice(0, 16)}…) is not in the lookaside: HTTP 404 for\n  ${got.missing.join('\n  ')}`, {
          next: `upload ${ref.file} (fedpkg new-sources / distsync propose-downstream), or check --lookaside and its ?namespace= (now '${namespace}')`,
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
      const before = await download(ref, undefined);
      if (before === 'ok') return 'present';
      if (await cgiCheck(cgi, ref)) throw notServed(ref, before.missing, false);
      await cgiUpload(cgi, ref, srcPath);
      // The download-and-hash check, always: what the server stored must come back with our hash.
      const after = await download(ref, undefined);
      if (after === 'ok') return 'stored';
      if (await cgiCheck(cgi, ref)) throw notServed(ref, after.missing, true);
      throw new DistsyncError('lookaside-failed', `uploaded ${ref.file} to ${o.uploadUrl} but the server still says Missing`, {
        next: 'check the upload.cgi server log; the upload did not stick',
      });
    },
  };
}
