import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFedoraLookaside } from '../../src/lookaside/fedora-store.js';
import type { LookasideRef } from '../../src/lookaside/types.js';
import { rejectionOf, tempDirs } from '../git/helpers.js';
import { startFedoraStub, type FedoraStubOptions } from './fedora-stub.js';
import { formOf } from './http-stub.js';

const tmp = tempDirs();
const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  tmp.cleanup();
  for (const s of stubs.splice(0)) await s.close();
});

const TOKEN = 'Bearer s3cr3t-token-value';
const sum = (algo: string, s: string) => createHash(algo).update(s).digest('hex');
const FILE = 'lz4-1.9.4.tar.gz';
const ref = (content: string, algo: LookasideRef['algo'] = 'sha512'): LookasideRef => ({ pkg: 'lz4', file: FILE, algo, hash: sum(algo, content) });

async function setup(stubOpts: FedoraStubOptions = {}, namespace?: string) {
  const stub = await startFedoraStub({ requireAuth: TOKEN, modules: ['lz4'], ...stubOpts });
  stubs.push(stub);
  const store = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, headers: { Authorization: TOKEN }, ...(namespace !== undefined ? { namespace } : {}) });
  const dir = tmp.make('fedora');
  const file = (content: string) => (writeFileSync(join(dir, FILE), content), join(dir, FILE));
  const key = (r: LookasideRef) => stub.keyOf(r.pkg, r.file, r.algo, r.hash);
  return { stub, store, dir, file, key };
}

describe('createFedoraLookaside (dist-git namespaces, as upload.cgi answers)', () => {
  it('put: download 404 → check Missing → upload → download and hash; name is rpms/NAME, objects under …/pkgs/rpms/NAME/', async () => {
    const { stub, store, file, key } = await setup();
    const r = ref('tarball bytes');
    expect(await store.put(r, file('tarball bytes'))).toBe('stored');
    expect(stub.seen.map((s) => `${s.method} ${s.path.replace(r.hash, 'H')}`)).toEqual([
      `GET /repo/pkgs/rpms/lz4/${FILE}/sha512/H/${FILE}`,
      'POST /repo/pkgs/upload.cgi',
      'POST /repo/pkgs/upload.cgi',
      `GET /repo/pkgs/rpms/lz4/${FILE}/sha512/H/${FILE}`,
    ]);
    expect(await Promise.all(stub.seen.filter((s) => s.method === 'POST').map(formOf))).toEqual([
      { name: 'rpms/lz4', sha512sum: r.hash, filename: FILE },
      { name: 'rpms/lz4', sha512sum: r.hash, file: `<file ${FILE}: tarball bytes>` },
    ]);
    expect(stub.seen.every((s) => s.headers.authorization === TOKEN)).toBe(true);
    expect(key(r)).toBe(`/rpms/lz4/${FILE}/sha512/${r.hash}/${FILE}`);
    expect(stub.objects.get(key(r))?.toString()).toBe('tarball bytes');
    expect(await store.has(r)).toBe(true);
  });

  it('a re-run: an intact copy means one download and nothing else ("present")', async () => {
    const { stub, store, file, key } = await setup();
    const r = ref('already there');
    stub.objects.set(key(r), Buffer.from('already there'));
    expect(await store.put(r, file('already there'))).toBe('present');
    expect(stub.seen.map((s) => s.method)).toEqual(['GET']);
  });

  it('a damaged object already stored under our hash is refused: hash-mismatch, nothing uploaded', async () => {
    const { stub, store, file, key } = await setup();
    const r = ref('good bytes');
    stub.objects.set(key(r), Buffer.from('damaged'));
    const err = await rejectionOf(store.put(r, file('good bytes')));
    expect(err.code).toBe('hash-mismatch');
    expect(err.message).toBe(`${stub.base}${key(r)} has sha512 ${sum('sha512', 'damaged')}, expected ${r.hash}`);
    expect(err.next).toBe('the lookaside copy is damaged or the checksum line is wrong; ask the lookaside admins to remove the object, or fix the checksum file');
    expect(stub.seen.map((s) => s.method)).toEqual(['GET']);
    expect(stub.objects.get(key(r))?.toString()).toBe('damaged');
  });

  it('upload.cgi says Available but the download URL does not serve it (wrong namespace): an error, never a success, and checked once', async () => {
    const { stub, file } = await setup({ namespace: 'rpms' });
    const store = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, headers: { Authorization: TOKEN }, namespace: '' });
    const r = ref('stored elsewhere');
    stub.objects.set(stub.keyOf('lz4', FILE, 'sha512', r.hash), Buffer.from('stored elsewhere'));
    const err = await rejectionOf(store.put(r, file('stored elsewhere')));
    expect(err.code).toBe('lookaside-incompatible');
    expect(err.message).toBe(`${stub.base}/upload.cgi says ${FILE} is Available, but it is not served at\n  ${stub.base}/lz4/${FILE}/sha512/${r.hash}/${FILE}`);
    expect(err.next).toContain("?namespace=NS (now ''; ?namespace= for none)");
    expect(stub.seen.map((s) => s.method)).toEqual(['GET', 'POST']);
  });

  it('namespace "" and custom namespaces follow dist-git: name and download path change together', async () => {
    const flat = await setup({ namespace: '' }, '');
    const r = ref('flat');
    expect(await flat.store.put(r, flat.file('flat'))).toBe('stored');
    expect([...flat.stub.objects.keys()]).toEqual([`/lz4/${FILE}/sha512/${r.hash}/${FILE}`]);
    const mod = await setup({ namespace: 'modules' }, 'modules');
    expect(await mod.store.put(r, mod.file('flat'))).toBe('stored');
    expect((await formOf(mod.stub.seen.find((s) => s.method === 'POST')!)).name).toBe('modules/lz4');
  });

  it('the upload does not stick: lookaside-failed after the download-and-hash check', async () => {
    const { stub, store, file } = await setup();
    stub.state.dropUploads = true;
    const err = await rejectionOf(store.put(ref('lost'), file('lost')));
    expect(err.code).toBe('lookaside-failed');
    expect(err.message).toBe(`uploaded ${FILE} to ${stub.base}/upload.cgi but the server still says Missing`);
    expect(stub.seen.map((s) => s.method)).toEqual(['GET', 'POST', 'POST', 'GET', 'POST']);
  });

  it('preflight: a sha256 checksum against a CGI that knows sha512/md5 fails up front naming what it needs', async () => {
    const { stub, store } = await setup();
    await store.preflight('lz4', 'sha512');
    const err = await rejectionOf(store.preflight('lz4', 'sha256'));
    expect(err.code).toBe('lookaside-incompatible');
    expect(err.message).toBe(`${stub.base}/upload.cgi does not take sha256 checksums (HTTP 400 — Required checksum is not present): dist-git's upload.cgi needs sha512`);
    expect(err.next).toBe("dist-git's upload.cgi takes sha512 (md5 only for old files): record sha512 in the checksum file, or use a store that takes any hash (DIR, s3://, git+URL#BRANCH)");
    expect(stub.objects.size).toBe(0);
  });

  it('preflight: an unknown package is 404 Module … does not exist with a namespace hint; a wrong token is lookaside-denied', async () => {
    const { stub, store } = await setup();
    const err = await rejectionOf(store.preflight('lz5', 'sha512'));
    expect(err.code).toBe('lookaside-incompatible');
    expect(err.message).toBe(`asking whether rpms/lz5 takes sha512 uploads at ${stub.base}/upload.cgi: HTTP 404 — Module "rpms/lz5" does not exist!`);
    expect(err.next).toBe('the lookaside knows no package rpms/lz5: check the package name (downstream_package_name) and the namespace (--lookaside fedora+https://HOST/repo/pkgs?namespace=NS, default rpms; ?namespace= for none)');
    const wrong = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, headers: { Authorization: 'Bearer wrong-s3cr3t' } });
    const denied = await rejectionOf(wrong.preflight('lz4', 'sha512'));
    expect(denied.code).toBe('lookaside-denied');
    expect(denied.message).toBe(`asking whether rpms/lz4 takes sha512 uploads at ${stub.base}/upload.cgi: HTTP 403 — You must connect with a valid certificate and be in the packager group to upload.`);
    expect(denied.format()).not.toContain('s3cr3t');
  });

  it('fetch verifies the hash: mismatch leaves no file; the old md5 layout is a fallback', async () => {
    const { stub, store, dir, key } = await setup();
    const r = ref('expected');
    stub.objects.set(key(r), Buffer.from('damaged'));
    const dest = join(dir, 'out', FILE);
    const bad = await rejectionOf(store.fetch(r, dest));
    expect(bad.code).toBe('hash-mismatch');
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    const old = ref('old upload', 'md5');
    stub.objects.set(`/rpms/lz4/${FILE}/${old.hash}/${FILE}`, Buffer.from('old upload'));
    await store.fetch(old, dest);
    expect(readFileSync(dest, 'utf8')).toBe('old upload');
  });

  it('404 → lookaside-missing naming the URL; HTML error pages show their title; 5xx says retry; token never in messages', async () => {
    const { stub, store, dir, file, key } = await setup();
    const r = ref('nowhere');
    const missing = await rejectionOf(store.fetch(r, join(dir, 'o')));
    expect(missing.code).toBe('lookaside-missing');
    expect(missing.message).toBe(`${FILE} (sha512 ${r.hash.slice(0, 16)}…) is not in the lookaside: HTTP 404 for\n  ${stub.base}${key(r)}`);
    expect(await store.has(r)).toBe(false);

    stub.state.failWith = { status: 502, type: 'text/html', body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\nresponse from an upstream server.</p>\n</body></html>' };
    const boom = await rejectionOf(store.put(r, file('nowhere')));
    expect(boom.code).toBe('lookaside-failed');
    expect(boom.message).toBe(`downloading ${stub.base}${key(r)}: HTTP 502 — 502 Proxy Error: The proxy server received an invalid response from an upstream server.`);
    expect(boom.next).toMatch(/^the server failed, not the request: retry later/);
    stub.state.failWith = { status: 500, body: 'Internal Server Error: lookaside disk full\nTraceback …' };
    const disk = await rejectionOf(store.put(r, file('nowhere')));
    expect(disk.message).toMatch(/HTTP 500 — Internal Server Error: lookaside disk full$/);
    for (const e of [missing, boom, disk]) expect(`${e.format()} ${String(e.cause ?? '')}`).not.toContain('s3cr3t');
    expect(store.describe()).not.toContain('s3cr3t');
  });

  it('is bounded: a body over maxBytes and a server that never answers are errors, not waits', async () => {
    const { stub, dir, key } = await setup();
    const r = ref('0123456789');
    stub.objects.set(key(r), Buffer.from('0123456789'));
    const small = createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: `${stub.base}/upload.cgi`, maxBytes: 4, timeoutMs: 300, transferTimeoutMs: 300 });
    const big = await rejectionOf(small.fetch(r, join(dir, 'big')));
    expect(big.message).toContain('larger than 4 bytes');
    expect(existsSync(join(dir, 'big'))).toBe(false);
    stub.state.serve = 'chunked';
    expect((await rejectionOf(small.fetch(r, join(dir, 'big')))).message).toContain('larger than 4 bytes');
    stub.state.serve = 'stall';
    const stalled = await rejectionOf(createFedoraLookaside({ downloadUrl: stub.base, uploadUrl: '-', transferTimeoutMs: 300 }).fetch(r, join(dir, 'stalled')));
    expect(stalled.message).toContain(`downloading ${stub.base}/rpms/lz4/`);
    expect(stalled.message).toContain('timed out');
    expect(readdirSync(dir)).toEqual([]);
    stub.state.hang = true;
    const slow = await rejectionOf(small.fetch(r, join(dir, 'slow')));
    expect(slow.code).toBe('lookaside-failed');
    expect(slow.message).toContain('timed out after 300 ms');
  });
});
