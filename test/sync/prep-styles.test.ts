import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit, type InitSourceGitResult } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { makeSyntheticPackage } from '../helpers/synthetic-package.js';

describe('every %prep style: -a tarball, pushd, -p0, -p2, -b, %patch -P N, %ifarch (flat Fedora layout)', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, lookaside: string, sourceGit: string, init: InitSourceGitResult;

  beforeAll(async () => {
    dir = tempDir('styles');
    ({ distGit, lookaside } = makeSyntheticPackage(dir));
    sourceGit = join(dir, 'source-git');
    init = await initSourceGit(deps, { upstreamRef: 'upstream-1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterAll(() => removeDirs(dir));

  it('init: the extra tarball is its own commit, five patches are commits, the s390x one stays a file', () => {
    expect(init.commits.map((c) => c.patch)).toEqual(['readme.patch', 'util-in-lib.patch', 'main-p0.patch', 'readme-p2.patch', 'extras-data.patch']);
    expect(init.keptAsFiles.map((k) => k.file)).toEqual(['s390-only.patch']);
    expect(git(sourceGit, 'log', '--format=%(trailers:key=Distsync-source,valueonly)', 'upstream-1.0..HEAD').trim()).toBe('Source1');
    expect(readFileSync(join(sourceGit, 'lib/util.c'), 'utf8')).toContain('return 2');
    expect(readFileSync(join(sourceGit, 'src/main.c'), 'utf8')).toContain('return 42');
    expect(readFileSync(join(sourceGit, 'README'), 'utf8')).toBe('demo\nline two, fixed\nthird line\n');
    expect(readFileSync(join(sourceGit, 'extras/data.txt'), 'utf8')).toBe('data v2\n');
    expect(git(sourceGit, 'ls-files', '.distro').trim().split('\n').sort()).toEqual(['.distro/.gitignore', '.distro/demo.spec', '.distro/distsync.yaml', '.distro/s390-only.patch', '.distro/source-git.yaml', '.distro/sources']);
  });

  it('update-dist-git right after init changes nothing, and verify passes (backup file explained)', async () => {
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).changed).toBe(false);
    expect(status(distGit)).toBe('');
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(v.mismatches).toEqual([]);
    expect(v.explained.map((e) => e.path)).toContain('README.readme');
  });

  it('editing the commit of the pushd patch regenerates it relative to lib/ with -p1', async () => {
    const sha = git(sourceGit, 'log', '--format=%H', '--grep=Patch-name: util-in-lib.patch').trim();
    git(sourceGit, 'checkout', '-q', sha);
    appendFileSync(join(sourceGit, 'lib/util.c'), '/* edited */\n');
    git(sourceGit, 'commit', '-q', '-a', '--amend', '--no-edit');
    git(sourceGit, 'rebase', '-q', '--onto', 'HEAD', sha, 'main');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'edit util' });
    expect(res.updated).toEqual(['util-in-lib.patch']);
    const p = readFileSync(join(distGit, 'util-in-lib.patch'), 'utf8');
    expect(p).toMatch(/^--- a\/util\.c$/m);
    expect(p).toContain('+/* edited */');
    expect(res.kept.sort()).toEqual(['extras-data.patch', 'main-p0.patch', 'readme-p2.patch', 'readme.patch']);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('a new commit gets Patch6 and a %patch -P 6 line after the last unconditional one', async () => {
    appendFileSync(join(sourceGit, 'src/main.c'), '/* new */\n');
    git(sourceGit, 'commit', '-q', '-am', 'main: new comment');
    await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'new' });
    const spec = readFileSync(join(distGit, 'demo.spec'), 'utf8');
    // the name keeps the commit's position in the range, as git format-patch (and Packit) number it: the
    // Source1 import commit is the 1st, the five patch commits 2–6; the comment is the subject, as Packit writes it
    expect(spec).toMatch(/^Patch5: {9}extras-data\.patch\n# main: new comment\nPatch6: {9}0007-main-new-comment\.patch$/m);
    expect(spec).toMatch(/^%patch -P 5 -p1\n%patch -P 6 -p1$/m);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('on s390x the conditional patch applies too (verify --target s390x with the file from .distro)', async () => {
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, target: 's390x' });
    expect(v.mismatches.map((m) => m.path)).toEqual(['arch.txt']); // source-git is the x86_64 tree: the difference is real and reported
  });
});
