import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLookasideStore, isRemoteLookaside } from '../../src/lookaside/index.js';
import { rejectionOf, tempDirs } from '../git/helpers.js';
import { formOf } from './http-stub.js';
import { startFedoraStub } from './fedora-stub.js';
import { S3_KEYS, startS3Stub } from './s3-stub.js';

const tmp = tempDirs();
const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  tmp.cleanup();
  for (const s of stubs.splice(0)) await s.close();
});

const usageOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string; next?: string };
  }
  throw new Error('did not throw');
};

describe('createLookasideStore', () => {
  it('a path is a local store; URLs are remote', () => {
    const dir = tmp.make('fac');
    expect(createLookasideStore(dir).describe()).toBe(`local lookaside ${dir}`);
    expect(isRemoteLookaside(dir)).toBe(false);
    expect(isRemoteLookaside('s3://b/p?region=x')).toBe(true);
  });

  it('fedora+http(s)://… derives upload.cgi, or takes --lookaside-upload; the Authorization header comes from the env passed in', async () => {
    const stub = await startFedoraStub({ requireAuth: 'Bearer t0ken' });
    stubs.push(stub);
    const spec = `fedora+${stub.base}/`;
    const store = createLookasideStore(spec, { DISTSYNC_LOOKASIDE_AUTHORIZATION: 'Bearer t0ken' });
    expect(store.describe()).toBe(`Fedora lookaside ${stub.base} (namespace rpms) (upload ${stub.base}/upload.cgi)`);
    const src = join(tmp.make('src'), 'a.tar.gz');
    writeFileSync(src, 'a');
    const ref = { pkg: 'p', file: 'a.tar.gz', algo: 'sha512' as const, hash: createHash('sha512').update('a').digest('hex') };
    await store.put(ref, src);
    expect(await store.has(ref)).toBe(true);
    expect(await formOf(stub.seen.find((s) => s.method === 'POST')!)).toEqual({ name: 'rpms/p', sha512sum: ref.hash, filename: 'a.tar.gz' });
    expect([...stub.objects.keys()]).toEqual([`/rpms/p/a.tar.gz/sha512/${ref.hash}/a.tar.gz`]);
    const other = createLookasideStore(spec, {}, { uploadUrl: 'https://upload.example.org/cgi' });
    expect(other.describe()).toContain('(upload https://upload.example.org/cgi)');
  });

  it('s3://bucket/prefix?endpoint=…&region=… with keys from the env passed in (path style for custom endpoints)', async () => {
    const stub = await startS3Stub('bkt');
    stubs.push(stub);
    const store = createLookasideStore(`s3://bkt/cache/pkgs?region=${stub.region}&endpoint=${encodeURIComponent(stub.url)}`, { AWS_ACCESS_KEY_ID: S3_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey });
    const src = join(tmp.make('src'), 'b.tar.gz');
    writeFileSync(src, 'b');
    const ref = { pkg: 'p', file: 'b.tar.gz', algo: 'sha256' as const, hash: createHash('sha256').update('b').digest('hex') };
    await store.put(ref, src);
    expect([...stub.objects.keys()]).toEqual([`cache/pkgs/p/b.tar.gz/sha256/${ref.hash}/b.tar.gz`]);
    expect(store.describe()).not.toContain(S3_KEYS.secretAccessKey);
    expect((await rejectionOf(Promise.resolve().then(() => createLookasideStore('s3://bkt/x?region=r', {}))))!.message).toContain('AWS_ACCESS_KEY_ID');
  });

  it('refuses unknown schemes, credentials in URLs, missing region and a stray --lookaside-upload, naming the accepted forms', () => {
    for (const spec of ['https://src.example.org/lookaside', 'ftp://x/y', 'fedora+https://user:pw@host/repo/pkgs', 's3://bucket/p', '']) {
      const err = usageOf(() => createLookasideStore(spec, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }));
      expect(err.code, spec).toBe('usage');
      expect(err.next, spec).toContain('fedora+https://HOST/repo/pkgs');
      expect(err.message, spec).not.toContain('pw@');
    }
    expect(usageOf(() => createLookasideStore('/srv/la', {}, { uploadUrl: 'https://x/upload.cgi' })).message).toContain('--lookaside-upload');
  });

  it('fedora+: ?namespace= picks the namespace (empty for none); a URL ending in the namespace or other parameters are refused', () => {
    expect(createLookasideStore('fedora+https://pkgs.example.org/repo/pkgs?namespace=modules').describe()).toBe('Fedora lookaside https://pkgs.example.org/repo/pkgs (namespace modules) (upload https://pkgs.example.org/repo/pkgs/upload.cgi)');
    expect(createLookasideStore('fedora+https://pkgs.example.org/repo/pkgs?namespace=').describe()).toBe('Fedora lookaside https://pkgs.example.org/repo/pkgs (upload https://pkgs.example.org/repo/pkgs/upload.cgi)');
    const doubled = usageOf(() => createLookasideStore('fedora+https://pkgs.example.org/repo/pkgs/rpms'));
    expect(doubled.message).toBe("--lookaside fedora+https://pkgs.example.org/repo/pkgs/rpms: the URL ends in the namespace 'rpms', which distsync adds itself: pass the lookaside root --lookaside fedora+https://pkgs.example.org/repo/pkgs (where upload.cgi lives; ?namespace=NS when it is not rpms)");
    expect(usageOf(() => createLookasideStore('fedora+https://h/repo/pkgs?ns=rpms')).message).toContain("unknown parameter 'ns'");
    expect(usageOf(() => createLookasideStore('fedora+https://h/repo/pkgs?namespace=../x')).message).toContain('is not a dist-git namespace');
  });
});
