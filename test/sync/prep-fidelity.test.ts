import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { DistsyncError } from '../../src/core/errors.js';
import { makeTinyPackage, PREAMBLE, TAIL } from '../helpers/tiny-package.js';

/** Issue 10 classes 3, 4 and 9 on packages we wrote (modelled on el9 openldap, tmux, audit), proven with real rpmbuild -bp. */
const deps = { log: createMemoryLogger() };

async function rejected(p: Promise<unknown>): Promise<DistsyncError> {
  const e = await p.then(() => new Error('no error'), (x: unknown) => x);
  if (!(e instanceof DistsyncError)) throw e;
  return e;
}

// -c -T -a 0 -a 10 unpacks each tarball once; without -T (as el9 openldap) %setup -c unpacks Source0 and -a 0 again
describe.each(['-c -T -a 0 -a 10', '-c -a 0 -a 10'])('class 3: several pushd blocks applying patches into different sub-trees (%%setup -q %s)', (setupOpts) => {
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  const spec = `${PREAMBLE('duo', '1.0')}Source0:        one-1.0.tar.gz
Source10:       two-2.0.tar.gz
Patch0:         one-fix.patch
Patch1:         two-fix.patch

%description
Two upstream trees side by side.

%prep
%setup -q ${setupOpts}
pushd one-1.0
%patch -P 0 -p1
popd
pushd two-2.0
%patch -P 1 -p1
popd
${TAIL}`;

  beforeAll(async () => {
    dir = tempDir('pushd-blocks');
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'duo',
      spec,
      tarballs: {
        'one-1.0.tar.gz': { 'one-1.0/README': 'one\n', 'one-1.0/src/a.c': 'int a;\n' },
        'two-2.0.tar.gz': { 'two-2.0/README': 'two\n', 'two-2.0/lib/b.c': 'int b;\n' },
      },
      files: {
        'one-fix.patch': '--- a/src/a.c\n+++ b/src/a.c\n@@ -1 +1 @@\n-int a;\n+int a = 1;\n',
        'two-fix.patch': '--- a/lib/b.c\n+++ b/lib/b.c\n@@ -1 +1 @@\n-int b;\n+int b = 2;\n',
      },
    }));
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'duo-1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterAll(() => removeDirs(dir));

  it('each new commit gets its %patch line in the block whose directory holds its files, paths relative to it', async () => {
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).changed).toBe(false);
    appendFileSync(join(sourceGit, 'one-1.0/README'), 'one more\n');
    git(sourceGit, 'commit', '-q', '-am', 'one: readme');
    appendFileSync(join(sourceGit, 'two-2.0/README'), 'two more\n');
    git(sourceGit, 'commit', '-q', '-am', 'two: readme');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'two notes' });
    // the number is the commit's place in source-git: with -T, Source0 is an -a commit on an empty start; without, the upstream commit
    expect(res.added).toEqual(setupOpts.includes('-T') ? ['0005-one-readme.patch', '0006-two-readme.patch'] : ['0004-one-readme.patch', '0005-two-readme.patch']);
    const specText = readFileSync(join(distGit, 'duo.spec'), 'utf8');
    expect(specText).toContain('pushd one-1.0\n%patch -P 0 -p1\n%patch -P 2 -p1\npopd\npushd two-2.0\n%patch -P 1 -p1\n%patch -P 3 -p1\npopd\n');
    expect(readFileSync(join(distGit, res.added[0]!), 'utf8')).toMatch(/^--- a\/README$/m);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(v.mismatches).toEqual([]);
    expect(v.patchesApplied).toBe(4);
  });

  it('a commit spanning both sub-trees is refused, naming the files outside the block', async () => {
    appendFileSync(join(sourceGit, 'one-1.0/src/a.c'), '/* x */\n');
    appendFileSync(join(sourceGit, 'two-2.0/lib/b.c'), '/* y */\n');
    git(sourceGit, 'commit', '-q', '-am', 'both trees');
    const e = await rejected(updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }));
    expect(e.message).toMatch(/changes one-1\.0\/src\/a\.c, outside two-2\.0\/ where %prep applies patches/);
    expect(status(distGit)).toBe('');
  });
});

describe('class 4: %autosetup without -p runs patch without -p (base names only)', () => {
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  const spec = `${PREAMBLE('flat', '1.0')}Source0:        flat-1.0.tar.gz
Patch0:         top.patch

%description
Patches applied by base name.

%prep
%autosetup
${TAIL}`;

  beforeAll(async () => {
    dir = tempDir('autosetup-nop');
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'flat',
      spec,
      tarballs: { 'flat-1.0.tar.gz': { 'flat-1.0/README': 'flat\n', 'flat-1.0/src/main.c': 'int main;\n' } },
      files: { 'top.patch': '--- README.orig\n+++ README\n@@ -1 +1,2 @@\n flat\n+fixed\n' },
    }));
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'flat-1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterAll(() => removeDirs(dir));

  it('init applies the patch as rpm does; a new top-level change becomes a patch without prefixes that rpm applies', async () => {
    expect(readFileSync(join(sourceGit, 'README'), 'utf8')).toBe('flat\nfixed\n');
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).changed).toBe(false);
    appendFileSync(join(sourceGit, 'README'), 'more\n');
    git(sourceGit, 'commit', '-q', '-am', 'readme: more');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'more' });
    expect(res.added).toEqual(['0002-readme-more.patch']);
    expect(readFileSync(join(distGit, '0002-readme-more.patch'), 'utf8')).toMatch(/^--- README\n\+\+\+ README$/m);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('a change below the top is refused (patch without -p would look for main.c at the top) and names the fix', async () => {
    appendFileSync(join(sourceGit, 'src/main.c'), '/* x */\n');
    git(sourceGit, 'commit', '-q', '-am', 'main: comment');
    const e = await rejected(updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }));
    expect(e.message).toMatch(/changes src\/main\.c, but %autopatch\/%autosetup without -p makes rpm run patch without -p/);
    expect(e.next).toMatch(/add -p1 to the %autosetup\/%autopatch line/);
  });
});

describe('class 4 with a/ b/ patches: %setup + bare %autopatch over git format-patch files (as el9 tmux)', () => {
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  const spec = `${PREAMBLE('mux', '1.0')}Source0:        mux-1.0.tar.gz
Patch0:         0001-Fix-news.patch

%description
Patches with a/ b/ applied by base name.

%prep
%setup -q
%autopatch
${TAIL}`;
  const mail = [
    'From 369627faddc1bba283c6afc4d473d7a495edb9a7 Mon Sep 17 00:00:00 2001',
    'From: Upstream Dev <dev@example.org>',
    'Date: Fri, 7 Apr 2023 07:38:21 -0400',
    'Subject: [PATCH] Fix news',
    '',
    '---',
    ' NEWS | 1 +',
    ' 1 file changed, 1 insertion(+)',
    '',
    'diff --git a/NEWS b/NEWS',
    'index 1111111..2222222 100644',
    '--- a/NEWS',
    '+++ b/NEWS',
    '@@ -1 +1,2 @@',
    ' news',
    '+fixed',
    '-- ',
    '2.39.2',
    '',
    '',
  ].join('\n');

  beforeAll(async () => {
    dir = tempDir('autopatch-ab');
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'mux',
      spec,
      tarballs: { 'mux-1.0.tar.gz': { 'mux-1.0/NEWS': 'news\n', 'mux-1.0/README': 'mux\n' } },
      files: { '0001-Fix-news.patch': mail },
    }));
    sourceGit = join(dir, 'source-git');
  });
  afterAll(() => removeDirs(dir));

  it('init applies it as rpm does (base names: a/NEWS is NEWS); a no-op update keeps its bytes; verify ok', async () => {
    await initSourceGit(deps, { upstreamRef: 'mux-1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
    expect(readFileSync(join(sourceGit, 'NEWS'), 'utf8')).toBe('news\nfixed\n');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: res.changed, updated: res.updated }).toEqual({ changed: false, updated: [] });
    expect(readFileSync(join(distGit, '0001-Fix-news.patch'), 'utf8')).toBe(mail);
    expect(status(distGit)).toBe('');
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('the patch edited by hand in dist-git is carried back (old one taken out, new one applied by base names); the file keeps its bytes', async () => {
    const p = join(distGit, '0001-Fix-news.patch');
    const edited = mail.replace('@@ -1 +1,2 @@\n news\n+fixed\n', '@@ -1 +1,3 @@\n news\n+fixed\n+by hand\n');
    expect(edited).not.toBe(mail);
    writeFileSync(p, edited);
    git(distGit, 'commit', '-q', '-am', 'Fix-news: a line by hand');
    const res = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(res.commits).toHaveLength(1);
    expect(readFileSync(join(sourceGit, 'NEWS'), 'utf8')).toBe('news\nfixed\nby hand\n');
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).changed).toBe(false);
    expect(readFileSync(p, 'utf8')).toBe(edited);
    expect(status(distGit)).toBe('');
  });
});

describe('class 9: %prep copies a file of the build host that a later patch edits', () => {
  it('init says exactly that (which line, which file), not "refresh the patch"', async () => {
    const dir = tempDir('host-copy');
    try {
      const spec = `${PREAMBLE('hosty', '1.0')}Source0:        hosty-1.0.tar.gz\nPatch0:         stdio-tweak.patch\n\n%description\nCopies a host header.\n\n%prep\n%setup -q\ncp -p /usr/include/stdio.h lib/\n%patch -P 0 -p1\n${TAIL}`;
      const { distGit, lookaside } = makeTinyPackage(dir, {
        name: 'hosty',
        spec,
        tarballs: { 'hosty-1.0.tar.gz': { 'hosty-1.0/lib/x.c': 'int x;\n' } },
        files: { 'stdio-tweak.patch': '--- a/lib/stdio.h\n+++ b/lib/stdio.h\n@@ -1 +1 @@\n-/* host */\n+/* tweaked */\n' },
      });
      const e = await rejected(initSourceGit(deps, { upstreamRef: 'hosty-1.0', sourceGitDir: join(dir, 'source-git'), distGitDir: distGit, lookasideDir: lookaside, fromTarball: true }));
      expect(e.message).toBe('stdio-tweak.patch (Patch0) edits lib/stdio.h, which %prep line 14 copies from the build host (cp -p /usr/include/stdio.h lib/); distsync cannot reproduce a file of the build host in source-git');
      expect(e.next).toBe('remove %prep line 14 and make stdio-tweak.patch create lib/stdio.h whole (the build host\'s /usr/include/stdio.h with the patch\'s change, as `diff -u /dev/null lib/stdio.h`): lib/stdio.h then comes from dist-git instead of following the build host, and init imports the patch as a commit');
      expect(e.next).not.toMatch(/refresh/);
    } finally {
      removeDirs(dir);
    }
  });
});

describe('large input and commit message bytes', () => {
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  beforeAll(async () => {
    dir = tempDir('large-input');
    const spec = `${PREAMBLE('big', '1.0')}Source0:        big-1.0.tar.gz\n\n%description\nBig inputs.\n\n%prep\n%autosetup -p1\n${TAIL}`;
    ({ distGit, lookaside } = makeTinyPackage(dir, { name: 'big', spec, tarballs: { 'big-1.0.tar.gz': { 'big-1.0/README': 'big\n' } }, files: {} }));
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'big-1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterAll(() => removeDirs(dir));

  it('a patch over the size limit is refused, naming the commit and the patch file; nothing is written', async () => {
    appendFileSync(join(sourceGit, 'README'), 'x'.repeat(100).concat('\n').repeat(25_000)); // ~2.5 MB
    git(sourceGit, 'commit', '-q', '-am', 'README: a lot more');
    const sha = git(sourceGit, 'rev-parse', '--short=12', 'HEAD').trim();
    const e = await rejected(updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, maxPatchBytes: 1024 * 1024 }));
    expect(e.message).toBe(`patch 0001-README-a-lot-more.patch from commit ${sha} ("README: a lot more") would be 2.4 MB, over the 1.0 MB limit`);
    expect(e.next).toMatch(/--max-patch-size/);
    expect(status(distGit)).toBe('');
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'big' })).added).toEqual(['0001-README-a-lot-more.patch']);
  });

  it('a commit message that is not UTF-8 is refused clearly (never written as U+FFFD)', async () => {
    appendFileSync(join(sourceGit, 'README'), 'latin\n');
    // git commit would re-encode the message; write the commit object with the raw Latin-1 byte
    git(sourceGit, 'add', '-A');
    const tree = git(sourceGit, 'write-tree').trim();
    const parent = git(sourceGit, 'rev-parse', 'HEAD').trim();
    const who = 'Test Packager <test@example.org> 1700000000 +0000';
    writeFileSync(join(dir, 'commit'), Buffer.concat([Buffer.from(`tree ${tree}\nparent ${parent}\nauthor ${who}\ncommitter ${who}\n\nREADME: caf`), Buffer.from([0xe9]), Buffer.from(' note\n')]));
    const sha = git(sourceGit, 'hash-object', '-t', 'commit', '-w', join(dir, 'commit')).trim();
    git(sourceGit, 'reset', '-q', '--hard', sha);
    const e = await rejected(updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }));
    expect(e.message).toMatch(/^commit [0-9a-f]{12} has a message or author name that is not valid UTF-8/);
    expect(status(distGit)).toBe('');
  });
});
