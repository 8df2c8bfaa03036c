import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Lookaside } from '../../src/lookaside/s3-store.js';
import type { LookasideRef } from '../../src/lookaside/types.js';
import { rejectionOf, tempDirs } from '../git/helpers.js';
import { motoMissing, startMoto, type Moto } from './moto-server.js';

const missing = motoMissing();
if (missing) console.warn(`SKIPPED test/lookaside/s3-moto.e2e.test.ts: ${missing}`);

const sum = (algo: string, s: string | Buffer) => createHash(algo).update(s).digest('hex');
const FILE = 'lz4-1.9.4.tar.gz';
const ref = (content: string, algo: LookasideRef['algo'] = 'sha512'): LookasideRef => ({ pkg: 'lz4', file: FILE, algo, hash: sum(algo, content) });
const keyOf = (r: LookasideRef) => `pkgs/lz4/${FILE}/${r.algo}/${r.hash}/${FILE}`;

describe.skipIf(!!missing)(`S3 lookaside against moto_server with IAM auth (SigV4 checked)${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let moto: Moto;
  const tmp = tempDirs();
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => {
    tmp.cleanup();
    await moto?.stop();
  });
  const store = (keys = moto.keys, bucket = moto.bucket) => createS3Lookaside({ endpoint: moto.url, bucket, region: moto.region, ...keys, prefix: 'pkgs', forcePathStyle: true });
  const file = (content: string) => {
    const p = join(tmp.make('moto'), FILE);
    writeFileSync(p, content);
    return p;
  };

  it('put stores the bytes with the hash metadata; re-put is "present"; has and fetch verify', async () => {
    const s = store();
    const r = ref('tarball bytes');
    await s.preflight('lz4', 'sha512');
    expect(await s.put(r, file('tarball bytes'))).toBe('stored');
    const got = await moto.s3('GET', keyOf(r));
    expect(got.status).toBe(200);
    expect(got.headers.get('x-amz-meta-sha512')).toBe(r.hash);
    expect(await got.text()).toBe('tarball bytes');
    expect(await s.put(r, file('tarball bytes'))).toBe('present');
    expect(await s.has(r)).toBe(true);
    const dest = join(tmp.make('out'), FILE);
    await s.fetch(r, dest);
    expect(readFileSync(dest, 'utf8')).toBe('tarball bytes');
  });

  it('an object with the right size and x-amz-meta-sha512 but other bytes is refused', async () => {
    const s = store();
    const r = ref('right bytes!');
    const forged = await moto.s3('PUT', keyOf(r), Buffer.from('wrong bytes!'), { 'x-amz-meta-sha512': r.hash });
    expect(forged.status).toBe(200);
    const err = await rejectionOf(s.put(r, file('right bytes!')));
    expect(err.code).toBe('hash-mismatch');
    expect(err.message).toBe(`${moto.url}/lookaside/${keyOf(r).split('/').map(encodeURIComponent).join('/')} has sha512 ${sum('sha512', 'wrong bytes!')}, expected ${r.hash}`);
    expect(await (await moto.s3('GET', keyOf(r))).text()).toBe('wrong bytes!');
  });

  it('SigV4 is checked: a wrong secret is lookaside-denied (exit 1) with the server code, never the secret', async () => {
    const s = store({ accessKeyId: moto.keys.accessKeyId, secretAccessKey: 'wrong-s3cr3t' });
    const err = await rejectionOf(s.preflight('lz4', 'sha512'));
    expect(err.code).toBe('lookaside-denied');
    expect(err.message).toMatch(/: HTTP 403 — SignatureDoesNotMatch: /);
    expect(err.format()).not.toContain('s3cr3t');
  });

  it('IAM policy is enforced: a user without one is AccessDenied before any work', async () => {
    const err = await rejectionOf(store(moto.noPolicyKeys).preflight('lz4', 'sha512'));
    expect(err.code).toBe('lookaside-denied');
    expect(err.message).toMatch(/: HTTP 403 — AccessDenied: /);
  });

  it('a bucket that does not exist: NoSuchBucket from the XML body, before any work', async () => {
    const err = await rejectionOf(store(moto.keys, 'nobucket').preflight('lz4', 'sha512'));
    expect(err.code).toBe('lookaside-incompatible');
    expect(err.message).toMatch(/\/nobucket\/pkgs\/lz4\/\.distsync-preflight\/sha512\/[0-9a-f]{128}\/\.distsync-preflight: HTTP 404 — NoSuchBucket: The specified bucket does not exist$/);
    expect(err.next).toBe('the bucket does not exist at this endpoint: check s3://BUCKET, ?region= and ?endpoint= in --lookaside');
  });
});
