import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFedoraLookaside } from '../../src/lookaside/fedora-store.js';
import type { LookasideRef } from '../../src/lookaside/types.js';
import { rejectionOf } from '../git/helpers.js';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { cloneUpstream, CORPUS, fingerprint, git, hashOf, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { startDistGitLookaside, uploadCgiMissing, type DistGitLookaside } from './apache-upload-cgi.js';

const CGI = process.env['DISTSYNC_UPLOAD_CGI'];
const missing = uploadCgiMissing(CGI);
if (missing) console.warn(`SKIPPED test/lookaside/upload-cgi.e2e.test.ts: ${missing}`);

const sum = (algo: string, s: string | Buffer) => createHash(algo).update(s).digest('hex');
const FILE = 'lz4-1.9.4.tar.gz';
const PACKAGER = ['--packager', 'Jane Packager <jane@example.org>'];

describe.skipIf(!!missing)(`dist-git's real upload.cgi under Apache${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let cgi: DistGitLookaside;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('upload-cgi');
    cgi = await startDistGitLookaside(dir, CGI!, ['lz4']);
  }, 60_000);
  afterAll(async () => {
    await cgi?.stop();
    removeDirs(dir);
  });
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const c of cleanups.splice(0)) c();
  });
  const store = (base = cgi.base) => createFedoraLookaside({ downloadUrl: base, uploadUrl: `${base}/upload.cgi` });
  const file = (content: string) => {
    const d = tempDir('cgi-src');
    cleanups.push(() => removeDirs(d));
    writeFileSync(join(d, FILE), content);
    return join(d, FILE);
  };
  const ref = (content: string, algo: LookasideRef['algo'] = 'sha512'): LookasideRef => ({ pkg: 'lz4', file: FILE, algo, hash: sum(algo, content) });
  const onDisk = (r: LookasideRef) => join(cgi.lookasideDir, 'rpms', 'lz4', FILE, r.algo, r.hash, FILE);

  it('sha512: preflight, upload, stored under rpms/lz4/…, downloaded and hashed; a re-put is "present"', async () => {
    const r = ref('real cgi bytes');
    await store().preflight('lz4', 'sha512');
    expect(await store().put(r, file('real cgi bytes'))).toBe('stored');
    expect(readFileSync(onDisk(r), 'utf8')).toBe('real cgi bytes');
    expect(await store().put(r, file('real cgi bytes'))).toBe('present');
  });

  it('what the real CGI refuses is refused up front with its message: sha256, unknown package, group check (403 → lookaside-denied)', async () => {
    const sha256 = await rejectionOf(store().preflight('lz4', 'sha256'));
    expect(sha256.code).toBe('lookaside-incompatible');
    expect(sha256.message).toBe(`${cgi.base}/upload.cgi does not take sha256 checksums (HTTP 400 — Required checksum is not present): dist-git's upload.cgi needs sha512`);
    const unknown = await rejectionOf(store().preflight('lz5', 'sha512'));
    expect(unknown.code).toBe('lookaside-incompatible');
    expect(unknown.message).toBe(`asking whether rpms/lz5 takes sha512 uploads at ${cgi.base}/upload.cgi: HTTP 404 — Module "rpms/lz5" does not exist!`);
    const locked = await rejectionOf(store(cgi.lockedBase).preflight('lz4', 'sha512'));
    expect(locked.code).toBe('lookaside-denied');
    expect(locked.message).toBe(`asking whether rpms/lz4 takes sha512 uploads at ${cgi.lockedBase}/upload.cgi: HTTP 403 — You must connect with a valid certificate and be in the packager group to upload.`);
  });

  it('md5 uploads: 406 from the CGI is lookaside-incompatible; a damaged file already stored is refused', async () => {
    const md5 = await rejectionOf(store().put(ref('old style', 'md5'), file('old style')));
    expect(md5.code).toBe('lookaside-incompatible');
    expect(md5.message).toBe(`uploading ${FILE} to ${cgi.base}/upload.cgi: HTTP 406 — Uploads with md5 are no longer allowed.`);
    const r = ref('good bytes');
    expect(await store().put(r, file('good bytes'))).toBe('stored');
    writeFileSync(onDisk(r), 'bad bytes');
    const damaged = await rejectionOf(store().put(r, file('good bytes')));
    expect(damaged.code).toBe('hash-mismatch');
    expect(damaged.message).toBe(`${cgi.base}/rpms/lz4/${FILE}/sha512/${r.hash}/${FILE} has sha512 ${sum('sha512', 'bad bytes')}, expected ${r.hash}`);
  });

  it('CLI: lz4 with a sha256 .lz4.metadata is refused before any work; with sha512 lines it uploads, and a re-run uploads nothing', async () => {
    const d = tempDir('cgi-cli');
    cleanups.push(() => removeDirs(d));
    const distGit = makeDistGit(d, 'lz4');
    const sourceGit = cloneUpstream(d, 'lz4', 'v1.9.3');
    expect((await run(['source-git', 'init', '--lookaside', makeLookaside(d, 'lz4'), 'v1.9.3', sourceGit, distGit])).code).toBe(0);
    const args = ['propose-downstream', '--lookaside', `fedora+${cgi.base}`, '--tag', 'v1.9.4', ...PACKAGER, sourceGit, distGit];
    const before = [fingerprint(sourceGit), fingerprint(distGit)];
    const files = readdirSync(join(cgi.lookasideDir, 'rpms', 'lz4'));
    const refused = await run(args);
    expect(refused.code).toBe(1);
    expect(refused.err.slice(refused.err.indexOf('error: '))).toBe(
      `error: .lz4.metadata records sha256 hashes, and ${cgi.base}/upload.cgi does not take sha256 checksums (HTTP 400 — Required checksum is not present): dist-git's upload.cgi needs sha512\n  next: dist-git's upload.cgi takes sha512 (md5 only for old files): record sha512 in the checksum file, or use a store that takes any hash (DIR, s3://, git+URL#BRANCH); nothing was done\n`,
    );
    expect([fingerprint(sourceGit), fingerprint(distGit)]).toEqual(before);
    expect(readdirSync(join(cgi.lookasideDir, 'rpms', 'lz4'))).toEqual(files);

    // The packager records sha512 (128 hex digits) instead: the real CGI takes the new tarball.
    const tarball = join(CORPUS, 'lz4', 'upstream', 'lz4-1.9.3.tar.gz');
    writeFileSync(join(distGit, '.lz4.metadata'), `${hashOf(tarball, 'sha512')} SOURCES/lz4-1.9.3.tar.gz\n`);
    git(distGit, 'commit', '-q', '-am', 'sha512 checksums');
    git(sourceGit, 'checkout', '-q', '-B', 'main');
    const ok = await run(args);
    expect(ok.err).not.toContain('error:');
    expect(ok.code).toBe(0);
    const h = git(distGit, 'show', 'propose-downstream/1.9.4:.lz4.metadata').split(' ')[0]!;
    expect(h).toHaveLength(128);
    const stored = join(cgi.lookasideDir, 'rpms', 'lz4', FILE, 'sha512', h, FILE);
    expect(existsSync(stored) && hashOf(stored, 'sha512')).toBe(h);
    expect(ok.out).toContain(`  tarball ${FILE} (sha512 ${h}) uploaded to Fedora lookaside ${cgi.base} (namespace rpms)`);
    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`  tarball ${FILE} (sha512 ${h}) already in Fedora lookaside ${cgi.base} (namespace rpms) (upload ${cgi.base}/upload.cgi), verified: nothing uploaded\n`);
  });
});
