import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { startFedoraStub } from './fedora-stub.js';
import { CORPUS, cloneUpstream, fingerprint, git, hashOf, makeDistGit, removeDirs, tempDir } from '../helpers/corpus.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const c of cleanups.splice(0)) c();
});

const PACKAGER = ['--packager', 'Jane Packager <jane@example.org>'];

/**
 * The lz4 versions as an existing lookaside directory: the corpus 1.9.3 tarball, and 1.9.4 made
 * from the corpus bundle the way GitHub's /archive/ does (git archive | gzip -n).
 */
function lz4Lookaside(dir: string): string {
  const la = join(dir, 'old-lookaside');
  mkdirSync(la);
  copyFileSync(join(CORPUS, 'lz4', 'upstream', 'lz4-1.9.3.tar.gz'), join(la, 'lz4-1.9.3.tar.gz'));
  const up = join(dir, 'up');
  git(dir, 'clone', '-q', '--bare', join(CORPUS, 'lz4', 'upstream', 'lz4-upstream.bundle'), up);
  const tar = execFileSync('git', ['-C', up, 'archive', '--format=tar', '--prefix=lz4-1.9.4/', 'v1.9.4'], { maxBuffer: 64 << 20 });
  writeFileSync(join(la, 'lz4-1.9.4.tar.gz'), execFileSync('gzip', ['-cn'], { input: tar, maxBuffer: 64 << 20 }));
  writeFileSync(join(la, 'README'), 'not a source of lz4');
  return la;
}

function setup() {
  const dir = tempDir('git-lookaside');
  cleanups.push(() => removeDirs(dir));
  vi.stubEnv('DISTSYNC_LOOKASIDE_CACHE', join(dir, 'cache'));
  const bare = join(dir, 'lookaside.git');
  git(dir, 'init', '-q', '--bare', bare);
  return { dir, bare, spec: `git+${bare}#lz4`, old: lz4Lookaside(dir) };
}

describe('git lookaside: tarballs as commits on a branch (git+REPO#BRANCH)', () => {
  it('import the lz4 versions (one commit each, version order), propose 1.9.3 → 1.9.4 with it, verify fetches from it; a tampered blob is refused', async () => {
    const r = setup();
    const imp = await run(['--json', 'lookaside', 'import', '--pkg', 'lz4', r.old, r.spec]);
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    const h3 = hashOf(join(r.old, 'lz4-1.9.3.tar.gz'), 'sha256');
    const h4 = hashOf(join(r.old, 'lz4-1.9.4.tar.gz'), 'sha256');
    expect(JSON.parse(imp.out)).toEqual({
      pkg: 'lz4',
      imported: [
        { file: 'lz4-1.9.3.tar.gz', algo: 'sha256', hash: h3, outcome: 'stored' },
        { file: 'lz4-1.9.4.tar.gz', algo: 'sha256', hash: h4, outcome: 'stored' },
      ],
    });
    expect(git(r.bare, 'log', '--format=%s', 'lz4').trim().split('\n')).toEqual(['Add lz4-1.9.4.tar.gz', 'Add lz4-1.9.3.tar.gz']);
    expect(git(r.bare, 'show', '--name-status', '--format=', 'lz4').trim()).toBe('A\tlz4-1.9.4.tar.gz');
    const branchAfterImport = git(r.bare, 'rev-parse', 'lz4');
    // importing again adds nothing
    const again = await run(['lookaside', 'import', '--pkg', 'lz4', r.old, r.spec]);
    expect(again.out).toContain('already there: lz4-1.9.3.tar.gz');
    expect(git(r.bare, 'rev-parse', 'lz4')).toBe(branchAfterImport);

    // lz4 el9 dist-git (.lz4.metadata: sha256 of lz4-1.9.3.tar.gz) and a source-git from upstream
    const distGit = makeDistGit(r.dir, 'lz4');
    const sourceGit = cloneUpstream(r.dir, 'lz4', 'v1.9.3');
    expect((await run(['source-git', 'init', '--lookaside', r.spec, 'v1.9.3', sourceGit, distGit])).code).toBe(0);
    const v3 = await run(['verify', '--lookaside', r.spec, sourceGit, distGit]);
    expect(v3.err).not.toContain('error:');
    expect(v3.out).toContain('ok: rpmbuild -bp (1 patch(es)) reproduces the source-git tree');

    const prop = await run(['propose-downstream', '--lookaside', r.spec, '--tag', 'v1.9.4', ...PACKAGER, sourceGit, distGit]);
    expect(prop.err).not.toContain('error:');
    expect(prop.code).toBe(0);
    // propose's tarball (git archive | gzip -n) is the imported one, byte for byte: nothing pushed
    expect(prop.out).toContain(`  tarball lz4-1.9.4.tar.gz (sha256 ${h4}) already in git lookaside ${r.bare}#lz4, verified: nothing uploaded\n`);
    expect(git(r.bare, 'rev-parse', 'lz4')).toBe(branchAfterImport);
    expect(git(distGit, 'show', 'propose-downstream/1.9.4:.lz4.metadata')).toBe(`${h4} SOURCES/lz4-1.9.4.tar.gz\n`);

    git(sourceGit, 'checkout', '-q', 'propose-downstream/1.9.4');
    git(distGit, 'checkout', '-q', 'propose-downstream/1.9.4');
    removeDirs(join(r.dir, 'cache'));
    const v4 = await run(['verify', '--lookaside', r.spec, sourceGit, distGit]);
    expect(v4.err).not.toContain('error:');
    expect(v4.out).toContain('ok: rpmbuild -bp (0 patch(es)) reproduces the source-git tree');

    // Someone rewrites the branch so lz4-1.9.4.tar.gz has other bytes: verify refuses it, nothing changes.
    const work = join(r.dir, 'tamper');
    git(r.dir, 'clone', '-q', '-b', 'lz4', r.bare, work);
    writeFileSync(join(work, 'lz4-1.9.4.tar.gz'), 'evil');
    git(work, 'commit', '-q', '-am', 'tamper');
    git(work, 'push', '-q', 'origin', 'lz4');
    removeDirs(join(r.dir, 'cache'));
    const before = [fingerprint(sourceGit), fingerprint(distGit)];
    const bad = await run(['verify', '--lookaside', r.spec, sourceGit, distGit]);
    expect(bad.code).toBe(1);
    expect(bad.err.slice(bad.err.indexOf('error: '))).toBe(
      `error: lz4-1.9.4.tar.gz on git lookaside ${r.bare}#lz4 has sha256 ${createHash('sha256').update('evil').digest('hex')}, expected ${h4}\n  next: the lookaside branch holds other bytes under this name (tampered or a wrong checksum line); fix the checksum file or ask who owns ${r.bare}\n`,
    );
    expect([fingerprint(sourceGit), fingerprint(distGit)]).toEqual(before);
  });

  it('propose-downstream uploads to it as one commit pushed on top (fast-forward), and the new tarball is fetched back by verify', async () => {
    const r = setup();
    const only93 = join(r.dir, 'only-1.9.3');
    mkdirSync(only93);
    copyFileSync(join(r.old, 'lz4-1.9.3.tar.gz'), join(only93, 'lz4-1.9.3.tar.gz'));
    expect((await run(['lookaside', 'import', '--pkg', 'lz4', only93, r.spec])).code).toBe(0);
    const tip = git(r.bare, 'rev-parse', 'lz4').trim();
    const distGit = makeDistGit(r.dir, 'lz4');
    const sourceGit = cloneUpstream(r.dir, 'lz4', 'v1.9.3');
    expect((await run(['source-git', 'init', '--lookaside', r.spec, 'v1.9.3', sourceGit, distGit])).code).toBe(0);
    const prop = await run(['propose-downstream', '--lookaside', r.spec, '--tag', 'v1.9.4', ...PACKAGER, sourceGit, distGit]);
    expect(prop.code).toBe(0);
    const h4 = hashOf(join(r.old, 'lz4-1.9.4.tar.gz'), 'sha256');
    expect(prop.out).toContain(`  tarball lz4-1.9.4.tar.gz (sha256 ${h4}) uploaded to git lookaside ${r.bare}#lz4\n`);
    expect(git(r.bare, 'rev-parse', 'lz4~1').trim()).toBe(tip);
    expect(git(r.bare, 'show', '--name-status', '--format=%s', 'lz4').trim()).toBe('Add lz4-1.9.4.tar.gz\n\nA\tlz4-1.9.4.tar.gz');
  });

  it('import from a Fedora lookaside: the files and hashes come from every version of the dist-git checksum file', async () => {
    const r = setup();
    const stub = await startFedoraStub();
    cleanups.push(() => void stub.close());
    const distGit = makeDistGit(r.dir, 'lz4');
    const h3 = hashOf(join(r.old, 'lz4-1.9.3.tar.gz'), 'sha256');
    const h4 = hashOf(join(r.old, 'lz4-1.9.4.tar.gz'), 'sha256');
    // a later dist-git commit moved to 1.9.4: both versions are in the checksum file's history
    writeFileSync(join(distGit, '.lz4.metadata'), `${h4} SOURCES/lz4-1.9.4.tar.gz\n`);
    git(distGit, 'commit', '-q', '-am', 'Update to 1.9.4');
    stub.objects.set(stub.keyOf('lz4', 'lz4-1.9.3.tar.gz', 'sha256', h3), readFileSync(join(r.old, 'lz4-1.9.3.tar.gz')));
    stub.objects.set(stub.keyOf('lz4', 'lz4-1.9.4.tar.gz', 'sha256', h4), readFileSync(join(r.old, 'lz4-1.9.4.tar.gz')));
    const res = await run(['lookaside', 'import', '--dist-git', distGit, `fedora+${stub.base}`, r.spec]);
    expect(res.err).toBe('lz4-1.9.3.tar.gz: committed\nlz4-1.9.4.tar.gz: committed\n');
    expect(res.out).toBe(`lz4: 2 file(s) on ${r.bare}#lz4\n  committed: lz4-1.9.3.tar.gz (sha256 ${h3})\n  committed: lz4-1.9.4.tar.gz (sha256 ${h4})\nnext: distsync verify --lookaside ${r.spec} <source-git> <dist-git>\n`);
    expect(git(r.bare, 'log', '--format=%s', 'lz4').trim().split('\n')).toEqual(['Add lz4-1.9.4.tar.gz', 'Add lz4-1.9.3.tar.gz']);
    const unlisted = await run(['lookaside', 'import', `fedora+${stub.base}`, r.spec]);
    expect(unlisted.code).toBe(2);
    expect(unlisted.err).toBe(`error: fedora+${stub.base} cannot be listed: the files to import come from a dist-git's checksum file\n  next: pass --dist-git DIR (the package's dist-git checkout)\n`);
  });

  it('put never rewrites the branch: a file already there with other bytes is refused; errors name the branch', async () => {
    const r = setup();
    expect((await run(['lookaside', 'import', '--pkg', 'lz4', r.old, r.spec])).code).toBe(0);
    const tip = git(r.bare, 'rev-parse', 'lz4');
    const other = join(r.dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'lz4-1.9.4.tar.gz'), 'not the 1.9.4 tarball');
    const res = await run(['lookaside', 'import', '--pkg', 'lz4', other, r.spec]);
    expect(res.code).toBe(1);
    expect(res.err).toBe(`error: lz4-1.9.4.tar.gz on git lookaside ${r.bare}#lz4 has sha256 ${hashOf(join(r.old, 'lz4-1.9.4.tar.gz'), 'sha256')}, expected ${createHash('sha256').update('not the 1.9.4 tarball').digest('hex')}\n  next: the branch already has lz4-1.9.4.tar.gz with other bytes and is never rewritten: give the new tarball another name\n`);
    expect(git(r.bare, 'rev-parse', 'lz4')).toBe(tip);

    const missing = await run(['lookaside', 'import', '--pkg', 'lz4', r.old, `git+${join(r.dir, 'nope.git')}#lz4`]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(new RegExp(`^error: cannot read git lookaside ${join(r.dir, 'nope.git')}#lz4: .+\\n  next: check the repository URL \\(and your access to it\\) in --lookaside git\\+URL#BRANCH\\n$`));
    const usage = await run(['lookaside', 'import', '--pkg', 'lz4', r.old, `git+${r.bare}`]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain(`error: --lookaside git+${r.bare}: a git lookaside needs its branch: git+REPO#BRANCH`);
  });
});
