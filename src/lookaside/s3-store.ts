import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DistsyncError } from '../core/errors.js';
import { hashFile } from './hash-file.js';
import { DEFAULT_MAX_BYTES, request, saveBodyVerified } from './http-body.js';
import { httpFailure } from './http-failure.js';
import { checkRef } from './safe-ref.js';
import { signV4, uriEncode } from './sigv4.js';
import type { LookasideRef, LookasideStore } from './types.js';

export interface S3LookasideOptions {
  /** e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix, e.g. 'lookaside/' (a '/' is added when missing). */
  prefix?: string;
  /** BUCKET in the path (MinIO, Ceph…) instead of in the host name. */
  forcePathStyle?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  transferTimeoutMs?: number;
}

/**
 * An S3-compatible bucket holding Fedora's layout under a prefix:
 * PREFIX NAME/FILE/HASHTYPE/HASH/FILE. Each upload carries
 * `x-amz-meta-<algo>: <hash>`; put never overwrites (If-None-Match: *).
 */
export function createS3Lookaside(o: S3LookasideOptions): LookasideStore {
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = o.timeoutMs ?? 60_000;
  const transferTimeoutMs = o.transferTimeoutMs ?? 3_600_000;
  const prefix = o.prefix ? o.prefix.replace(/^\/+/, '').replace(/\/*$/, '/') : '';
  const base = new URL(o.endpoint);

  function objectUrl(ref: LookasideRef): URL {
    const key = `${prefix}${ref.pkg}/${ref.file}/${ref.algo}/${ref.hash}/${ref.file}`;
    const path = key.split('/').map(uriEncode).join('/');
    const url = new URL(base.href);
    if (o.forcePathStyle) url.pathname = `${base.pathname.replace(/\/+$/, '')}/${uriEncode(o.bucket)}/${path}`;
    else {
      url.hostname = `${o.bucket}.${base.hostname}`;
      url.pathname = `/${path}`;
    }
    return url;
  }

  async function send(method: string, url: URL, extra: Record<string, string>, payloadHash: string, body?: Blob, timeout = timeoutMs): Promise<Response> {
    const signed = signV4({ method, url, headers: { ...extra, 'x-amz-content-sha256': payloadHash }, payloadHash, region: o.region, service: 's3', accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, date: new Date() });
    return request(url.href, { method, headers: signed.headers, ...(body ? { body } : {}) }, timeout);
  }

  const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const metaName = (ref: LookasideRef) => `x-amz-meta-${ref.algo}`;

  /** GET and hash (into dest when given); 'absent' on 404 for a missing key (a missing bucket is an error). */
  async function download(ref: LookasideRef, dest: string | undefined): Promise<'absent' | string> {
    const url = objectUrl(ref);
    const res = await send('GET', url, {}, EMPTY, undefined, transferTimeoutMs);
    if (res.status === 404) {
      const body = await res.text().catch(() => '');
      if (!/<Code>NoSuchBucket<\/Code>/.test(body)) return 'absent';
      throw await httpFailure('downloading', url.href, new Response(body, { status: 404 }));
    }
    if (!res.ok) throw await httpFailure('downloading', url.href, res);
    return saveBodyVerified(res, url.href, ref.algo, ref.hash, dest, maxBytes);
  }

  const mismatch = (ref: LookasideRef, where: string, actual: string, next: string) =>
    new DistsyncError('hash-mismatch', `${where} has ${ref.algo} ${actual}, expected ${ref.hash}`, { next });

  /**
   * True when the stored object is intact, false when there is none; throws
   * when it holds other bytes. Its bytes are read and hashed: metadata and
   * size can be right on a damaged or forged object.
   */
  async function storedIntact(ref: LookasideRef): Promise<boolean> {
    const actual = await download(ref, undefined);
    if (actual === ref.hash) return true;
    if (actual === 'absent') return false;
    throw mismatch(ref, objectUrl(ref).href, actual, 'the bucket holds other content under this hash; remove the object (it is damaged) and put the file again');
  }

  return {
    describe: () => `S3 lookaside s3://${o.bucket}/${prefix} at ${base.origin}`,
    async has(raw) {
      const ref = checkRef(raw);
      return (await download(ref, undefined)) === ref.hash;
    },
    /**
     * S3 stores any bytes under any key, so every hash type is fine; one GET
     * of a key that does not exist checks the bucket, endpoint and keys first.
     */
    async preflight(pkg, algo) {
      await download({ pkg, file: '.distsync-preflight', algo, hash: createHash(algo).update('.distsync-preflight').digest('hex') }, undefined);
    },
    async fetch(raw, destPath) {
      const ref = checkRef(raw);
      const actual = await download(ref, destPath);
      if (actual === 'absent') {
        throw new DistsyncError('lookaside-missing', `${ref.file} (${ref.algo} ${ref.hash.slice(0, 16)}…) is not in the lookaside: HTTP 404 for ${objectUrl(ref).href}`, {
          next: `upload ${ref.file} to the bucket (distsync propose-downstream), or check --lookaside`,
        });
      }
      if (actual !== ref.hash) throw mismatch(ref, objectUrl(ref).href, actual, 'the stored object is damaged; remove it and upload the file again');
    },
    async put(raw, srcPath) {
      const ref = checkRef(raw);
      const srcHash = await hashFile(srcPath, ref.algo);
      if (srcHash !== ref.hash) throw mismatch(ref, srcPath, srcHash, `upload the right file, or record ${ref.algo} ${srcHash} in the checksum file`);
      const size = (await stat(srcPath)).size;
      if (await storedIntact(ref)) return 'present';
      const bodySha = ref.algo === 'sha256' ? ref.hash : await hashFile(srcPath, 'sha256');
      const url = objectUrl(ref);
      const res = await send('PUT', url, { 'if-none-match': '*', [metaName(ref)]: ref.hash, 'content-type': 'application/octet-stream' }, bodySha, await openAsBlob(srcPath), transferTimeoutMs);
      // 412: a racing writer stored the object first; it is checked below like ours.
      if (!res.ok && res.status !== 412) throw await httpFailure(`uploading ${ref.file} to`, url.href, res);
      await res.body?.cancel();
      if (!(await storedIntact(ref))) {
        throw new DistsyncError('lookaside-failed', `uploaded ${ref.file} to ${url.href} (${size} bytes) but it is not there`, { next: 'check the bucket policy and the endpoint' });
      }
      return 'stored';
    },
  };
}
