import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { CORPUS, fingerprint, hashOf, makeDistGit, removeDirs, tempDir } from '../helpers/corpus.js';
import { startFedoraStub } from './fedora-stub.js';
import { S3_KEYS, startS3Stub } from './s3-stub.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of cleanups.splice(0)) await c();
});

const TARBALL = join(CORPUS, 'lz4', 'upstream', 'lz4-1.9.3.tar.gz');
const HASH = hashOf(TARBALL, 'sha256');

/** lz4's dist-git, an empty source-git dir and a fresh sources cache (the environment's is never used). */
function setup() {
  const dir = tempDir('remote-sources');
  cleanups.push(() => removeDirs(dir));
  const distGit = makeDistGit(dir, 'lz4');
  const sourceGit = join(dir, 'source-git');
  mkdirSync(sourceGit);
  const cache = join(dir, 'cache');
  vi.stubEnv('DISTSYNC_LOOKASIDE_CACHE', cache);
  return { dir, distGit, sourceGit, cache };
}

describe('init and verify fetch sources from any store, verify them and cache them', () => {
  it('fedora+http: init --from-tarball downloads rpms/lz4/…, caches it; verify uses the cache; a damaged object is refused', async () => {
    const stub = await startFedoraStub();
    cleanups.push(() => stub.close());
    const r = setup();
    stub.objects.set(stub.keyOf('lz4', 'lz4-1.9.3.tar.gz', 'sha256', HASH), readFileSync(TARBALL));
    const init = await run(['source-git', 'init', '--from-tarball', '--lookaside', `fedora+${stub.base}`, 'v1.9.3', r.sourceGit, r.distGit]);
    expect(init.err).not.toContain('error:');
    expect(init.code).toBe(0);
    expect(stub.seen.map((s) => `${s.method} ${s.path}`)).toEqual([`GET /repo/pkgs/rpms/lz4/lz4-1.9.3.tar.gz/sha256/${HASH}/lz4-1.9.3.tar.gz`]);
    const cached = join(r.cache, 'lz4', 'lz4-1.9.3.tar.gz', 'sha256', HASH, 'lz4-1.9.3.tar.gz');
    expect(hashOf(cached, 'sha256')).toBe(HASH);

    const v = await run(['verify', '--lookaside', `fedora+${stub.base}`, r.sourceGit, r.distGit]);
    expect(v.err).not.toContain('error:');
    expect(v.out).toContain('ok: rpmbuild -bp (1 patch(es)) reproduces the source-git tree');
    expect(stub.seen).toHaveLength(1);

    // No cache, and the lookaside holds other bytes under the hash: exit 1, nothing kept.
    removeDirs(r.cache);
    stub.objects.set(stub.keyOf('lz4', 'lz4-1.9.3.tar.gz', 'sha256', HASH), Buffer.from('damaged'));
    const before = [fingerprint(r.sourceGit), fingerprint(r.distGit)];
    const bad = await run(['verify', '--lookaside', `fedora+${stub.base}`, r.sourceGit, r.distGit]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`error: ${stub.base}/rpms/lz4/lz4-1.9.3.tar.gz/sha256/${HASH}/lz4-1.9.3.tar.gz has sha256 ${sha256('damaged')}, expected ${HASH}\n  next: the lookaside copy is damaged or the checksum line is wrong; ask the lookaside admins to remove the object, or fix the checksum file\n`);
    expect(existsSync(cached)).toBe(false);
    expect([fingerprint(r.sourceGit), fingerprint(r.distGit)]).toEqual(before);
  });

  it('fedora+http://… is a URL, never a relative path: an unreachable one is named as given', async () => {
    const r = setup();
    const closed = await startFedoraStub();
    await closed.close();
    const port = new URL(closed.url).port;
    const res = await run(['source-git', 'init', '--from-tarball', '--lookaside', `fedora+http://127.0.0.1:${port}/repo/pkgs`, 'v1.9.3', r.sourceGit, r.distGit]);
    expect(res.code).toBe(1);
    expect(res.err.slice(res.err.indexOf('error: '))).toBe(`error: GET http://127.0.0.1:${port}/repo/pkgs/rpms/lz4/lz4-1.9.3.tar.gz/sha256/${HASH}/lz4-1.9.3.tar.gz failed: connect ECONNREFUSED 127.0.0.1:${port}\n  next: check the lookaside URL and the network, then retry\n`);
    expect(res.err).not.toContain('fedora+http:/1');
    expect(res.err).not.toContain(process.cwd());
  });

  it('s3://: init --from-tarball fetches through SigV4 and caches', async () => {
    const stub = await startS3Stub('lookaside');
    cleanups.push(() => stub.close());
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3_KEYS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3_KEYS.secretAccessKey);
    const r = setup();
    stub.objects.set(`pkgs/lz4/lz4-1.9.3.tar.gz/sha256/${HASH}/lz4-1.9.3.tar.gz`, { body: readFileSync(TARBALL), meta: {} });
    const spec = `s3://lookaside/pkgs?region=${stub.region}&endpoint=${encodeURIComponent(stub.url)}`;
    const init = await run(['source-git', 'init', '--from-tarball', '--lookaside', spec, 'v1.9.3', r.sourceGit, r.distGit]);
    expect(init.err).not.toContain('error:');
    expect(init.code).toBe(0);
    expect(hashOf(join(r.cache, 'lz4', 'lz4-1.9.3.tar.gz', 'sha256', HASH, 'lz4-1.9.3.tar.gz'), 'sha256')).toBe(HASH);
  });
});

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
