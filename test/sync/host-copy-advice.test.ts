import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { makeTinyPackage, PREAMBLE, TAIL } from '../helpers/tiny-package.js';

/**
 * Issue 10 class 9 on a package we wrote, shaped like el9 audit
 * (fixtures/corpus-el9/README.md): %prep copies a header of the build host
 * into the tree (`cp /usr/include/stdio.h lib/`) between %patch -P lines, and
 * the next patch edits that copy (here made from this host's header, so it
 * applies). init refuses, naming the line and the file; following its next
 * step to the letter (drop the line, let the patch create the file whole)
 * gives the whole round trip, checked by real rpmbuild -bp.
 */
const HOST_FILE = '/usr/include/stdio.h';
const TARBALL = { 'hosty-1.0/README': 'hosty\n', 'hosty-1.0/lib/x.c': 'int x;\n' };
const SPEC = `${PREAMBLE('hosty', '1.0')}Source0:        hosty-1.0.tar.gz
Patch1:         hosty-readme.patch
Patch5:         hosty-header-workaround.patch
Patch7:         hosty-after.patch

%description
Copies a host header that a patch edits.

%prep
%setup -q
%patch -P 1 -p1
cp ${HOST_FILE} lib/
%patch -P 5 -p1
%patch -P 7 -p1
${TAIL}`;

/** `git diff` of a tree (the tarball's files + extra) before and after `edit`: a patch with a/ b/. */
function diffOf(dir: string, files: Record<string, string>, edit: (tree: string) => void, extra: (tree: string) => void = () => {}): string {
  const tree = join(dir, 'hosty-1.0');
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  extra(tree);
  git(tree, 'init', '-q');
  git(tree, 'add', '-A');
  git(tree, 'commit', '-q', '-m', 'before');
  edit(tree);
  git(tree, 'add', '-A');
  return git(tree, 'diff', '--cached');
}
const tweak = (tree: string) => {
  appendFileSync(join(tree, 'lib/stdio.h'), '/* hosty: the workaround */\n');
  appendFileSync(join(tree, 'lib/x.c'), 'int y;\n');
};

describe('class 9 (as el9 audit): a host file copied by %prep and edited by the next patch; the advice followed', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  let advice: RegExpExecArray | null;
  const init = () => initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });

  beforeAll(() => {
    if (!existsSync(HOST_FILE)) throw new Error(`${HOST_FILE} is not on this machine (apt-get install libc6-dev; dnf install glibc-headers): the package's %prep copies it`);
    dir = tempDir('host-copy-advice');
    const workaround = diffOf(join(dir, 'old'), TARBALL, tweak, (tree) => copyFileSync(HOST_FILE, join(tree, 'lib/stdio.h')));
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'hosty',
      spec: SPEC,
      tarballs: { 'hosty-1.0.tar.gz': TARBALL },
      files: {
        'hosty-readme.patch': '--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n hosty\n+readme\n',
        'hosty-header-workaround.patch': workaround,
        'hosty-after.patch': '--- a/lib/x.c\n+++ b/lib/x.c\n@@ -1,2 +1,3 @@\n int x;\n int y;\n+int z;\n',
      },
    }));
    sourceGit = join(dir, 'source-git');
  });
  afterAll(() => removeDirs(dir));

  it('init refuses: which patch, which file, which %prep line; the next step is the one that works; nothing written', async () => {
    const head = git(distGit, 'rev-parse', 'HEAD');
    const e = await init().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DistsyncError);
    const err = e as DistsyncError;
    expect({ code: err.code, file: err.file }).toEqual({ code: 'bad-patch', file: 'hosty-header-workaround.patch' });
    expect(err.message).toBe(`hosty-header-workaround.patch (Patch5) edits lib/stdio.h, which %prep line 17 copies from the build host (cp ${HOST_FILE} lib/); distsync cannot reproduce a file of the build host in source-git`);
    expect(err.next).not.toMatch(/refresh|%\{SOURCE/);
    advice = /^remove %prep line (\d+) and make (\S+) create (\S+) whole/.exec(err.next ?? '');
    expect(advice?.slice(1)).toEqual(['17', 'hosty-header-workaround.patch', 'lib/stdio.h']);
    expect(existsSync(sourceGit) ? readdirSync(sourceGit) : []).toEqual([]);
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(head);
    expect(status(distGit)).toBe('');
  });

  it('the advice followed (line removed, the patch creates lib/stdio.h whole): init imports it as the commit adding the file', async () => {
    const specFile = join(distGit, 'hosty.spec');
    const lines = readFileSync(specFile, 'utf8').split('\n');
    const n = Number(advice![1]);
    expect(lines[n - 1]).toBe(`cp ${HOST_FILE} lib/`);
    writeFileSync(specFile, [...lines.slice(0, n - 1), ...lines.slice(n)].join('\n'));
    // what the packager runs: the tarball's tree, then the host's copy and the change together, as one diff
    const whole = diffOf(join(dir, 'new'), TARBALL, (tree) => {
      copyFileSync(HOST_FILE, join(tree, 'lib/stdio.h'));
      tweak(tree);
    });
    expect(whole).toContain('--- /dev/null\n+++ b/lib/stdio.h\n');
    writeFileSync(join(distGit, advice![2]!), whole);
    git(distGit, 'commit', '-q', '-am', 'Patch5 creates lib/stdio.h instead of editing the build host copy');

    const res = await init();
    expect(res.commits.map((c) => c.patch)).toEqual(['hosty-readme.patch', 'hosty-header-workaround.patch', 'hosty-after.patch']);
    const added = git(sourceGit, 'log', '--format=', '--diff-filter=A', '--name-only', '--grep', 'Patch-name: hosty-header-workaround.patch').trim();
    expect(added).toBe('lib/stdio.h');
    expect(readFileSync(join(sourceGit, 'lib/stdio.h'), 'utf8')).toBe(`${readFileSync(HOST_FILE, 'utf8')}/* hosty: the workaround */\n`);
  }, 60_000);

  it('update-dist-git right after init is byte-identical; one new commit → one new patch; real rpmbuild -bp matches (verify)', async () => {
    const noop = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: noop.changed, files: noop.files }).toEqual({ changed: false, files: [] });
    expect(status(distGit)).toBe('');
    appendFileSync(join(sourceGit, 'README'), 'downstream note from source-git\n');
    git(sourceGit, 'commit', '-q', '-am', 'README: downstream note');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'note' });
    expect({ added: res.added.length, updated: res.updated, removed: res.removed }).toEqual({ added: 1, updated: [], removed: [] });
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(v.patchesApplied).toBe(4);
      expect(readFileSync(join(v.buildDir, 'lib/stdio.h'), 'utf8')).toContain('/* hosty: the workaround */');
      expect(readFileSync(join(v.buildDir, 'README'), 'utf8')).toContain('downstream note from source-git');
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 120_000);
});

/**
 * The same shape with a dist-git file (`cp %{SOURCE1} lib/`): distsync does not replay %prep's
 * copies in source-git either, so the old answer was the generic "the patch does not apply". The
 * refusal now names the line and the file, and its next step, followed, gives the round trip.
 */
describe('a dist-git file copied by %prep (cp %{SOURCE1}) and edited by the next patch; the advice followed', () => {
  const deps = { log: createMemoryLogger() };
  const HEADER = '/* hosty header */\n';
  const spec = SPEC.replace('Patch1:', 'Source1:        hosty-header.h\nPatch1:').replace(`cp ${HOST_FILE} lib/`, 'cp %{SOURCE1} lib/');
  const edit = (tree: string) => appendFileSync(join(tree, 'lib/hosty-header.h'), '/* hosty: the workaround */\n');
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  const init = () => initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });

  beforeAll(() => {
    dir = tempDir('source-copy-advice');
    const workaround = diffOf(join(dir, 'old'), TARBALL, edit, (tree) => writeFileSync(join(tree, 'lib/hosty-header.h'), HEADER));
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'hosty',
      spec,
      tarballs: { 'hosty-1.0.tar.gz': TARBALL },
      files: {
        'hosty-header.h': HEADER,
        'hosty-readme.patch': '--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n hosty\n+readme\n',
        'hosty-header-workaround.patch': workaround,
        'hosty-after.patch': '--- a/lib/x.c\n+++ b/lib/x.c\n@@ -1 +1,2 @@\n int x;\n+int z;\n',
      },
    }));
    sourceGit = join(dir, 'source-git');
  });
  afterAll(() => removeDirs(dir));

  it('init refuses naming the patch, the file and the %prep line (not "the patch does not apply"); nothing written', async () => {
    const head = git(distGit, 'rev-parse', 'HEAD');
    const err = (await init().catch((x: unknown) => x)) as DistsyncError;
    expect(err).toBeInstanceOf(DistsyncError);
    expect({ code: err.code, file: err.file }).toEqual({ code: 'bad-patch', file: 'hosty-header-workaround.patch' });
    expect(err.message).toBe("hosty-header-workaround.patch (Patch5) edits lib/hosty-header.h, which %prep line 18 copies from dist-git (cp %{SOURCE1} lib/); distsync does not replay %prep's copies in source-git, so the patch has nothing to apply to there");
    expect(err.next).toMatch(/^remove %prep line 18 and make hosty-header-workaround\.patch create lib\/hosty-header\.h whole \(dist-git's hosty-header\.h with the patch's change/);
    expect(existsSync(sourceGit) ? readdirSync(sourceGit) : []).toEqual([]);
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('the advice followed: init imports the patch as the commit adding the file, and real rpmbuild -bp matches (verify)', async () => {
    const specFile = join(distGit, 'hosty.spec');
    const lines = readFileSync(specFile, 'utf8').split('\n');
    expect(lines[17]).toBe('cp %{SOURCE1} lib/');
    writeFileSync(specFile, [...lines.slice(0, 17), ...lines.slice(18)].join('\n'));
    const whole = diffOf(join(dir, 'new'), TARBALL, (tree) => {
      writeFileSync(join(tree, 'lib/hosty-header.h'), HEADER);
      edit(tree);
    });
    writeFileSync(join(distGit, 'hosty-header-workaround.patch'), whole);
    git(distGit, 'commit', '-q', '-am', 'Patch5 creates lib/hosty-header.h instead of editing the copy of Source1');
    const res = await init();
    expect(res.commits.map((c) => c.patch)).toEqual(['hosty-readme.patch', 'hosty-header-workaround.patch', 'hosty-after.patch']);
    expect(readFileSync(join(sourceGit, 'lib/hosty-header.h'), 'utf8')).toBe(`${HEADER}/* hosty: the workaround */\n`);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(v.patchesApplied).toBe(3);
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 120_000);
});
