import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Lookaside } from '../../src/lookaside/s3-store.js';
import type { LookasideRef } from '../../src/lookaside/types.js';
import { rejectionOf, tempDirs } from '../git/helpers.js';
import { S3_KEYS, startS3Stub } from './s3-stub.js';

const tmp = tempDirs();
const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  tmp.cleanup();
  for (const s of stubs.splice(0)) await s.close();
});

const sum = (algo: string, s: string) => createHash(algo).update(s).digest('hex');
const FILE = 'lz4 1.9.4+dfsg.tar.gz';
const ref = (content: string, algo: LookasideRef['algo'] = 'sha512'): LookasideRef => ({ pkg: 'lz4', file: FILE, algo, hash: sum(algo, content) });

async function setup(keys = S3_KEYS) {
  const stub = await startS3Stub('dist-bucket');
  stubs.push(stub);
  const store = createS3Lookaside({ endpoint: stub.url, bucket: 'dist-bucket', region: stub.region, ...keys, prefix: 'lookaside/pkgs', forcePathStyle: true });
  const dir = tmp.make('s3');
  const file = (content: string) => (writeFileSync(join(dir, FILE), content), join(dir, FILE));
  return { stub, store, dir, file };
}

describe('createS3Lookaside', () => {
  it('put → GET, signed PUT with If-None-Match and hash metadata, GET (bytes hashed); then has and fetch', async () => {
    const { stub, store, dir, file } = await setup();
    const r = ref('tarball');
    expect(await store.put(r, file('tarball'))).toBe('stored');
    expect(stub.seen.map((s) => s.method)).toEqual(['GET', 'PUT', 'GET']);
    const put = stub.seen[1]!;
    expect(put.path).toBe(`/dist-bucket/lookaside/pkgs/lz4/lz4%201.9.4%2Bdfsg.tar.gz/sha512/${r.hash}/lz4%201.9.4%2Bdfsg.tar.gz`);
    expect(put.headers['if-none-match']).toBe('*');
    expect(put.headers['x-amz-content-sha256']).toBe(sum('sha256', 'tarball'));
    const key = `lookaside/pkgs/lz4/${FILE}/sha512/${r.hash}/${FILE}`;
    expect(stub.objects.get(key)?.meta).toEqual({ 'x-amz-meta-sha512': r.hash });
    expect(await store.has(r)).toBe(true);
    await store.fetch(r, join(dir, 'out', FILE));
    expect(readFileSync(join(dir, 'out', FILE), 'utf8')).toBe('tarball');

    stub.seen.length = 0;
    expect(await store.put(r, file('tarball'))).toBe('present');
    expect(stub.seen.map((s) => s.method)).toEqual(['GET']);
  });

  it('an object with the right size and x-amz-meta-sha512 but other bytes is refused, not trusted', async () => {
    const { stub, store, file } = await setup();
    const r = ref('right!');
    const key = `lookaside/pkgs/lz4/${FILE}/sha512/${r.hash}/${FILE}`;
    stub.objects.set(key, { body: Buffer.from('wrong!'), meta: { 'x-amz-meta-sha512': r.hash } });
    const err = await rejectionOf(store.put(r, file('right!')));
    expect(err.code).toBe('hash-mismatch');
    expect(err.message).toBe(`${stub.url}/dist-bucket/${key.split('/').map(encodeURIComponent).join('/')} has sha512 ${sum('sha512', 'wrong!')}, expected ${r.hash}`);
    expect(err.next).toBe('the bucket holds other content under this hash; remove the object (it is damaged) and put the file again');
    expect(stub.seen.some((s) => s.method === 'PUT')).toBe(false);
    expect(await store.has(r)).toBe(false);
  });

  it('never overwrites: other bytes under the key are a hash-mismatch, and If-None-Match stops a racing PUT', async () => {
    const { stub, store, dir, file } = await setup();
    const r = ref('good', 'sha256');
    const key = `lookaside/pkgs/lz4/${FILE}/sha256/${r.hash}/${FILE}`;
    stub.objects.set(key, { body: Buffer.from('evil'), meta: {} });
    const err = await rejectionOf(store.put(r, file('good')));
    expect(err.code).toBe('hash-mismatch');
    expect(err.message).toContain(sum('sha256', 'evil'));
    expect(stub.seen.some((s) => s.method === 'PUT')).toBe(false);
    expect(await store.has(r)).toBe(false);
    const dest = join(dir, 'out');
    expect((await rejectionOf(store.fetch(r, dest))).code).toBe('hash-mismatch');
    expect(existsSync(dest)).toBe(false);

    // A racer stores the same bytes between our HEAD and PUT: 412, then our check finds them intact.
    stub.objects.delete(key);
    stub.seen.length = 0;
    stub.state.beforePut = (k) => stub.objects.set(k, { body: Buffer.from('good'), meta: { 'x-amz-meta-sha256': r.hash } });
    await store.put(r, file('good'));
    expect(stub.seen.map((s) => s.method)).toEqual(['GET', 'PUT', 'GET']);
    // A racer stores other bytes: our PUT does not replace them, and put fails.
    stub.objects.delete(key);
    stub.state.beforePut = (k) => stub.objects.set(k, { body: Buffer.from('racer'), meta: {} });
    expect((await rejectionOf(store.put(r, file('good')))).code).toBe('hash-mismatch');
    expect(stub.objects.get(key)?.body.toString()).toBe('racer');
  });

  it('404 → lookaside-missing naming the URL; bad keys → usage error without the secret', async () => {
    const { stub, store, dir } = await setup();
    const missing = await rejectionOf(store.fetch(ref('none'), join(dir, 'x')));
    expect(missing.code).toBe('lookaside-missing');
    expect(missing.message).toContain(`${stub.url}/dist-bucket/lookaside/pkgs/lz4/`);
    expect(await store.has(ref('none'))).toBe(false);

    const { stub: stub2, store: wrong, file } = await setup({ accessKeyId: S3_KEYS.accessKeyId, secretAccessKey: 'wrong-s3cr3t' });
    const denied = await rejectionOf(wrong.put(ref('x'), file('x')));
    expect(denied.code).toBe('lookaside-denied');
    expect(denied.message).toBe(`downloading ${stub2.url}/dist-bucket/lookaside/pkgs/lz4/lz4%201.9.4%2Bdfsg.tar.gz/sha512/${ref('x').hash}/lz4%201.9.4%2Bdfsg.tar.gz: HTTP 403 — AccessDenied: SignatureDoesNotMatch`);
    expect(denied.format()).not.toContain('s3cr3t');
    expect(wrong.describe()).not.toContain('s3cr3t');
  });
});
