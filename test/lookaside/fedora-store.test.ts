import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFedoraLookaside } from '../../src/lookaside/fedora-store.js';
import type { LookasideRef } from '../../src/lookaside/types.js';
import { rejectionOf, tempDirs } from '../git/helpers.js';
import { startFedoraStub } from './fedora-stub.js';
import { formOf } from './http-stub.js';

const tmp = tempDirs();
const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  tmp.cleanup();
  for (const s of stubs.splice(0)) await s.close();
});

const TOKEN = 'Bearer s3cr3t-token-value';
const sum = (algo: string, s: string) => createHash(algo).update(s).digest('hex');
const ref = (content: string, algo: LookasideRef['algo'] = 'sha512'): LookasideRef => ({ pkg: 'lz4', file: 'lz4-1.9.4.tar.gz', algo, hash: sum(algo, content) });

async function setup() {
  const stub = await startFedoraStub({ requireAuth: TOKEN });
  stubs.push(stub);
  const store = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, headers: { Authorization: TOKEN } });
  const dir = tmp.make('fedora');
  const file = (content: string) => (writeFileSync(join(dir, 'lz4-1.9.4.tar.gz'), content), join(dir, 'lz4-1.9.4.tar.gz'));
  return { stub, store, dir, file };
}

describe('createFedoraLookaside', () => {
  it('put: check says Missing → upload → check says Available; fields as upload.cgi wants them', async () => {
    const { stub, store, file } = await setup();
    const r = ref('tarball bytes');
    await store.put(r, file('tarball bytes'));
    const posts = stub.seen.filter((s) => s.method === 'POST');
    expect(await Promise.all(posts.map(formOf))).toEqual([
      { name: 'lz4', sha512sum: r.hash, filename: r.file },
      { name: 'lz4', sha512sum: r.hash, file: '<file lz4-1.9.4.tar.gz: tarball bytes>' },
      { name: 'lz4', sha512sum: r.hash, filename: r.file },
    ]);
    expect(stub.seen.every((s) => s.headers.authorization === TOKEN)).toBe(true);
    expect(stub.objects.get(`/lz4/${r.file}/sha512/${r.hash}/${r.file}`)?.toString()).toBe('tarball bytes');
    expect(await store.has(r)).toBe(true);
  });

  it('put: an intact copy at the download URL means no upload at all; Available means no upload', async () => {
    const { stub, store, file } = await setup();
    const r = ref('already there');
    stub.objects.set(`/lz4/${r.file}/sha512/${r.hash}/${r.file}`, Buffer.from('already there'));
    await store.put(r, file('already there'));
    expect(stub.seen.map((s) => s.method)).toEqual(['GET']);

    stub.seen.length = 0;
    stub.state.alwaysAvailable = true;
    const other = ref('known to upload.cgi');
    await store.put(other, file('known to upload.cgi'));
    expect(stub.seen.map((s) => s.method)).toEqual(['GET', 'POST', 'POST']);
    expect((await Promise.all(stub.seen.slice(1).map(formOf))).every((f) => f.filename === other.file && !('file' in f))).toBe(true);
  });

  it('put sends sha256sum for sha256 refs, and fails when the upload does not stick', async () => {
    const { stub, store, file } = await setup();
    stub.state.dropUploads = true;
    const r = ref('lost', 'sha256');
    const err = await rejectionOf(store.put(r, file('lost')));
    expect(err.code).toBe('lookaside-missing');
    expect(err.message).toContain('still says Missing');
    expect(await formOf(stub.seen.find((s) => s.method === 'POST')!)).toEqual({ name: 'lz4', sha256sum: r.hash, filename: r.file });
  });

  it('fetch verifies the hash: mismatch leaves no file; the old md5 layout is a fallback', async () => {
    const { stub, store, dir } = await setup();
    const r = ref('expected');
    stub.objects.set(`/lz4/${r.file}/sha512/${r.hash}/${r.file}`, Buffer.from('damaged'));
    const dest = join(dir, 'out', r.file);
    const bad = await rejectionOf(store.fetch(r, dest));
    expect(bad.code).toBe('hash-mismatch');
    expect(bad.message).toContain(sum('sha512', 'damaged'));
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    writeFileSync(join(dir, r.file), 'expected');
    expect((await rejectionOf(store.put(r, join(dir, r.file)))).code).toBe('hash-mismatch');
    expect(stub.seen.filter((s) => s.method === 'POST')).toEqual([]);
    expect((await rejectionOf(store.put(r, (writeFileSync(join(dir, 'y'), 'not it'), join(dir, 'y'))))).code).toBe('hash-mismatch');

    const old = ref('old upload', 'md5');
    stub.objects.set(`/lz4/${old.file}/${old.hash}/${old.file}`, Buffer.from('old upload'));
    await store.fetch(old, dest);
    expect(readFileSync(dest, 'utf8')).toBe('old upload');
  });

  it('404 → lookaside-missing naming the URL; 500 → error with status and first body line; token never in messages', async () => {
    const { stub, store, dir, file } = await setup();
    const r = ref('nowhere');
    const missing = await rejectionOf(store.fetch(r, join(dir, 'o')));
    expect(missing.code).toBe('lookaside-missing');
    expect(missing.message).toContain(`${stub.base}/lz4/${r.file}/sha512/${r.hash}/${r.file}`);
    expect(await store.has(r)).toBe(false);

    stub.state.failWith = { status: 500, body: 'Internal Server Error: lookaside disk full\nTraceback …' };
    const boom = await rejectionOf(store.put(r, file('nowhere')));
    expect(boom.message).toMatch(/HTTP 500 — Internal Server Error: lookaside disk full$/);
    expect(boom.message).not.toContain('Traceback');
    for (const e of [missing, boom]) expect(`${e.format()} ${String(e.cause ?? '')}`).not.toContain('s3cr3t');
    expect(store.describe()).not.toContain('s3cr3t');
  });

  it('a wrong token is a usage error carrying the server message, not the token', async () => {
    const { stub } = await setup();
    const store = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, headers: { Authorization: 'Bearer wrong-s3cr3t' } });
    const p = join(tmp.make('f'), 'lz4-1.9.4.tar.gz');
    writeFileSync(p, 'content');
    const err = await rejectionOf(store.put(ref('content'), p));
    expect(err.code).toBe('usage');
    expect(err.message).toContain('HTTP 403 — You must connect with a valid certificate');
    expect(err.format()).not.toContain('s3cr3t');
  });

  it('is bounded: a body over maxBytes and a server that never answers are errors, not waits', async () => {
    const { stub, dir } = await setup();
    const r = ref('0123456789');
    stub.objects.set(`/lz4/${r.file}/sha512/${r.hash}/${r.file}`, Buffer.from('0123456789'));
    const small = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, maxBytes: 4, timeoutMs: 300, transferTimeoutMs: 300 });
    const big = await rejectionOf(small.fetch(r, join(dir, 'big')));
    expect(big.message).toContain('larger than 4 bytes');
    expect(existsSync(join(dir, 'big'))).toBe(false);
    stub.state.serve = 'chunked';
    expect((await rejectionOf(small.fetch(r, join(dir, 'big')))).message).toContain('larger than 4 bytes');
    stub.state.serve = 'stall';
    const stalled = await rejectionOf(createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: '-', transferTimeoutMs: 300 }).fetch(r, join(dir, 'stalled')));
    expect(stalled.message).toContain(`downloading ${stub.base}/lz4/`);
    expect(stalled.message).toContain('timed out');
    expect(readdirSync(dir)).toEqual([]);
    stub.state.hang = true;
    const slow = await rejectionOf(small.fetch(r, join(dir, 'slow')));
    expect(slow.code).toBe('lookaside-failed');
    expect(slow.message).toContain('timed out after 300 ms');
  });
});
