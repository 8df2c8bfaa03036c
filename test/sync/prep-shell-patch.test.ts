import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { makeTinyPackage, PREAMBLE, TAIL } from '../helpers/tiny-package.js';

/**
 * %prep shell lines that apply a patch (class 8 of issue 10) in every shape,
 * each needed by the next step's context: init replays them in order as
 * commits marked Distsync-prep-patch, a no-op update leaves dist-git byte for
 * byte, such a commit is never a PatchN, a changed or dropped one is refused
 * (or, changed together with its file, rewrites that Source file), and real
 * rpmbuild -bp agrees with source-git (verify).
 */
const SPEC = `${PREAMBLE('shp', '1.0')}Source0:        shp-1.0.tar.gz
Source5:        cat-fix.diff
Source6:        git-fix.patch
Source7:        bare.patch
Source91:       sub-fix.patch
Patch0:         first.patch
Patch1:         after-shell.patch
Patch3:         via-macro.patch

%description
x

%prep
%setup -q
%patch0 -p1
pushd sub
patch -p1 < %{SOURCE91}
popd
%patch1 -p1
cat %{SOURCE5} | patch -p1 -s -b -z .catfix
git apply %{SOURCE6}
%{__patch} -p0 -s < %{PATCH3}
patch -p1 -i patches/in-tree.diff
patch -s < %{SOURCE7}
${TAIL}`;

const diff = (path: string, from: string, to: string, prefix = true) =>
  `--- ${prefix ? 'a/' : ''}${path}\n+++ ${prefix ? 'b/' : ''}${path}\n@@ -1,2 +1,2 @@\n${from
    .split('\n')
    .map((l, i) => (i === 1 ? `-${l}` : ` ${l}`))
    .join('\n')}\n+${to}\n`;

const TARBALL = {
  'shp-1.0/README': 'shp\nplain\n',
  'shp-1.0/sub/conf.txt': 'conf\nv1\n',
  'shp-1.0/a.txt': 'a\none\n',
  'shp-1.0/b.txt': 'b\none\n',
  'shp-1.0/c.txt': 'c\none\n',
  'shp-1.0/d.txt': 'd\none\n',
  'shp-1.0/e.txt': 'e\none\n',
  'shp-1.0/patches/in-tree.diff': diff('d.txt', 'd\none', 'from the tree'),
};

const FILES = {
  'first.patch': diff('README', 'shp\nplain', 'first'),
  'sub-fix.patch': 'From: Sub Fixer <sub@example.org>\nSubject: [PATCH] sub: v2\n\n' + diff('conf.txt', 'conf\nv1', 'v2'),
  // its context needs sub-fix.patch's change
  'after-shell.patch': '--- a/sub/conf.txt\n+++ b/sub/conf.txt\n@@ -1,2 +1,3 @@\n conf\n v2\n+after\n',
  'cat-fix.diff': diff('a.txt', 'a\none', 'two'),
  'git-fix.patch': `diff --git a/b.txt b/b.txt\n${diff('b.txt', 'b\none', 'two')}`,
  'via-macro.patch': diff('c.txt', 'c\none', 'two', false),
  // a/ b/ paths, applied by `patch` without -p: GNU patch finds e.txt by its base name
  'bare.patch': diff('e.txt', 'e\none', 'two'),
};

describe('%prep shell lines that apply a patch: init → no-op → guarded commits → rpmbuild -bp', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string;
  let distGit: string;
  let lookaside: string;
  let sourceGit: string;

  beforeAll(async () => {
    dir = tempDir('shell-patch');
    ({ distGit, lookaside } = makeTinyPackage(dir, { name: 'shp', spec: SPEC, tarballs: { 'shp-1.0.tar.gz': TARBALL }, files: FILES }));
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  }, 60_000);
  afterAll(() => removeDirs(dir));

  it('init replays every shape in %prep order, each shell line a commit with Distsync-prep-patch', () => {
    const log = git(sourceGit, 'log', '--reverse', '--format=%s|%an|%(trailers:key=Distsync-prep-patch,valueonly,separator=)|%(trailers:key=Patch-name,valueonly,separator=)', 'v1.0..HEAD')
      .trim()
      .split('\n')
      .slice(1); // the .distro/ commit
    expect(log.map((l) => l.split('|').slice(2).join('|'))).toEqual([
      '|first.patch',
      '%{_sourcedir}/sub-fix.patch|',
      '|after-shell.patch',
      '%{_sourcedir}/cat-fix.diff|',
      '%{_sourcedir}/git-fix.patch|',
      '%{_sourcedir}/via-macro.patch|',
      'patches/in-tree.diff|',
      '%{_sourcedir}/bare.patch|',
    ]);
    expect(log[1]!.split('|').slice(0, 2)).toEqual(['sub: v2', 'Sub Fixer']);
    expect(readFileSync(join(sourceGit, 'sub/conf.txt'), 'utf8')).toBe('conf\nv2\nafter\n');
    for (const [f, want] of [['a.txt', 'a\ntwo\n'], ['b.txt', 'b\ntwo\n'], ['c.txt', 'c\ntwo\n'], ['d.txt', 'd\nfrom the tree\n'], ['e.txt', 'e\ntwo\n']]) {
      expect(readFileSync(join(sourceGit, f!), 'utf8'), f).toBe(want);
    }
    // the files stay Sources in .distro/, and so does the Patch3 only a shell line applies
    expect(existsSync(join(sourceGit, '.distro/sub-fix.patch'))).toBe(true);
    expect(existsSync(join(sourceGit, '.distro/via-macro.patch'))).toBe(true);
    expect(existsSync(join(sourceGit, '.distro/first.patch'))).toBe(false);
  });

  it('a no-op update-dist-git leaves dist-git byte-identical (no PatchN from a shell commit)', async () => {
    const before = git(distGit, 'rev-parse', 'HEAD');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: res.changed, files: res.files, added: res.added }).toEqual({ changed: false, files: [], added: [] });
    expect(status(distGit)).toBe('');
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(before);
  });

  it('a shell commit changed in source-git is refused, naming the file; dist-git untouched', async () => {
    const head = git(sourceGit, 'rev-parse', 'HEAD').trim();
    const shellSha = git(sourceGit, 'log', '--format=%H', '-F', '--grep=Distsync-prep-patch: %{_sourcedir}/sub-fix.patch', 'v1.0..HEAD').trim();
    rewriteCommit(sourceGit, shellSha, () => appendFileSync(join(sourceGit, 'README'), 'sneaked in\n'));
    const e = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DistsyncError);
    expect((e as DistsyncError).message).toMatch(/no longer matches \.distro\/sub-fix\.patch, which %prep line \d+ applies \(`patch -p1 < %\{SOURCE91\}`\)/);
    expect((e as DistsyncError).next).toMatch(/new commit on top/);
    expect(status(distGit)).toBe('');
    git(sourceGit, 'reset', '-q', '--hard', head);
  });

  it('a dropped shell commit is refused while %prep still applies its file', async () => {
    const head = git(sourceGit, 'rev-parse', 'HEAD').trim();
    const shellSha = git(sourceGit, 'log', '--format=%H', '-F', '--grep=Distsync-prep-patch: %{_sourcedir}/cat-fix.diff', 'v1.0..HEAD').trim();
    git(sourceGit, 'rebase', '-q', '--onto', `${shellSha}^`, shellSha);
    const e = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }).catch((x: unknown) => x);
    expect((e as DistsyncError).message).toMatch(/applies %\{_sourcedir\}\/cat-fix\.diff .*but no source-git commit carries 'Distsync-prep-patch: %\{_sourcedir\}\/cat-fix\.diff'/);
    expect(status(distGit)).toBe('');
    git(sourceGit, 'reset', '-q', '--hard', head);
  });

  it('the commit changed together with its .distro/ file rewrites that Source file only; rpmbuild -bp agrees (verify)', async () => {
    const shellSha = git(sourceGit, 'log', '--format=%H', '-F', '--grep=Distsync-prep-patch: %{_sourcedir}/sub-fix.patch', 'v1.0..HEAD').trim();
    rewriteCommit(sourceGit, shellSha, () => {
      writeFileSync(join(sourceGit, 'sub/extra.txt'), 'sub extra\n');
      git(sourceGit, 'add', '-A');
      const d = git(sourceGit, 'diff', '--cached', '--relative=sub', `${shellSha}^`, '--', 'sub');
      writeFileSync(join(sourceGit, '.distro/sub-fix.patch'), d);
    });
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sub-fix: one more line' });
    expect(res.added).toEqual([]);
    expect(git(distGit, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('sub-fix.patch');
    expect(git(distGit, 'show', 'HEAD:shp.spec')).toBe(SPEC);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(readFileSync(join(v.buildDir, 'sub/extra.txt'), 'utf8')).toBe('sub extra\n');
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 60_000);

  it('one new commit → exactly one new PatchN; rpmbuild -bp has it and verify is ok', async () => {
    appendFileSync(join(sourceGit, 'README'), 'downstream note\n');
    git(sourceGit, 'commit', '-q', '-am', 'README: downstream note');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'note' });
    expect(res.added).toHaveLength(1);
    const specDiff = git(distGit, 'show', '--format=', 'HEAD', '--', 'shp.spec').split('\n').filter((l) => /^[+-][^+-]/.test(l));
    expect(specDiff.filter((l) => l.startsWith('-'))).toEqual([]);
    expect(specDiff.filter((l) => /^\+Patch\d+:/.test(l))).toHaveLength(1);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(readFileSync(join(v.buildDir, 'README'), 'utf8')).toContain('downstream note');
      expect(readdirSync(v.buildDir)).toContain('d.txt');
      // the backup `patch -b -z .catfix` leaves is told apart from a mismatch
      expect(v.explained.find((x) => x.path === 'a.txt.catfix')?.why).toMatch(/backup copy made by %patch -b \.catfix/);
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 60_000);
});

describe('a dist-git commit that changes the SourceN a shell line applies, carried back', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string;

  afterAll(() => removeDirs(dir));

  it('update-source-git makes a commit with the same Distsync-prep-patch; update-dist-git is then a no-op; verify ok', async () => {
    dir = tempDir('shell-patch-carry');
    const { distGit, lookaside } = makeTinyPackage(dir, { name: 'shp', spec: SPEC, tarballs: { 'shp-1.0.tar.gz': TARBALL }, files: FILES });
    const sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
    writeFileSync(join(distGit, 'cat-fix.diff'), diff('a.txt', 'a\none', 'three'));
    git(distGit, 'commit', '-q', '-am', 'cat-fix: three');
    const carried = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(carried.commits.length).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(sourceGit, 'a.txt'), 'utf8')).toBe('a\nthree\n');
    expect(readFileSync(join(sourceGit, '.distro/cat-fix.diff'), 'utf8')).toBe(diff('a.txt', 'a\none', 'three'));
    expect(git(sourceGit, 'log', '-1', '--format=%(trailers:key=Distsync-prep-patch,valueonly,separator=)').trim()).toBe('%{_sourcedir}/cat-fix.diff');
    const head = git(distGit, 'rev-parse', 'HEAD');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: res.changed, files: res.files }).toEqual({ changed: false, files: [] });
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(head);
    expect(status(distGit)).toBe('');
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(readFileSync(join(v.buildDir, 'a.txt'), 'utf8')).toBe('a\nthree\n');
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 60_000);
});

describe('init refuses a %prep patch line it cannot replay', () => {
  it('names the line and what to do; source-git stays empty', async () => {
    const dir = tempDir('shell-patch-bad');
    try {
      const spec = SPEC.replace('patch -p1 -i patches/in-tree.diff', 'for p in patches/*.diff; do patch -p1 < $p; done');
      const { distGit, lookaside } = makeTinyPackage(dir, { name: 'shp', spec, tarballs: { 'shp-1.0.tar.gz': TARBALL }, files: FILES });
      const sourceGit = join(dir, 'source-git');
      const e = await initSourceGit({ log: createMemoryLogger() }, { upstreamRef: 'v1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DistsyncError);
      const err = e as DistsyncError;
      expect(err.message).toMatch(/^%prep line \d+ applies a patch distsync cannot replay \(`for p in patches\/\*\.diff; do patch -p1 < \$p; done`\)/);
      expect(err.line).toBe(spec.split('\n').findIndex((l) => l.startsWith('for p')) + 1);
      expect(err.next).toMatch(/re-run distsync source-git init/);
      expect(existsSync(sourceGit) ? readdirSync(sourceGit) : []).toEqual([]);
    } finally {
      removeDirs(dir);
    }
  }, 30_000);
});

/** Amend commit `sha` of the current branch with `edit()`, replaying the commits after it. */
function rewriteCommit(repo: string, sha: string, edit: () => void): void {
  const after = git(repo, 'rev-list', '--reverse', `${sha}..HEAD`).trim().split('\n').filter(Boolean);
  git(repo, 'reset', '-q', '--hard', sha);
  edit();
  git(repo, 'commit', '-q', '-a', '--amend', '--no-edit');
  for (const c of after) git(repo, 'cherry-pick', '--allow-empty', c);
}
