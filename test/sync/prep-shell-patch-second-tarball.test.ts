import { appendFileSync, readFileSync } from 'node:fs';
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
 * Issue 10 class 8 on a package we wrote, shaped like el9 rsync
 * (fixtures/corpus-el9/README.md): `%setup -q -b 1` unpacks a second tarball
 * of diffs into the main tree, a shell line `patch -p1 -i patches/copy-dev.diff`
 * applies one of them, then %patchN lines with -b suffixes follow: one needs
 * the shell-applied change as context, one edits the diff file itself.
 */
const SPEC = `${PREAMBLE('rsyn', '1.0')}Source0:        rsyn-1.0.tar.gz
Source1:        rsyn-patches-1.0.tar.gz
Patch0:         rsyn-1.0-verify-host.patch
Patch1:         rsyn-1.0-append.patch
Patch2:         rsyn-1.0-fix-copy-dev.patch

%description
A shell patch line between %setup -b 1 and %patch lines.

%prep
%setup -q
%setup -q -b 1

patch -p1 -i patches/copy-dev.diff

%patch0 -p1 -b .verify-host
%patch1 -p1 -b .append
%patch2 -p1 -b .fix-copy-dev
${TAIL}`;
/** The shell line's line number in the spec file (1-based), as errors name it. */
const SHELL_LINE = SPEC.split('\n').findIndex((l) => l.startsWith('patch -p1 -i')) + 1;

/** A unified diff replacing a whole file (so it applies only to exactly `from`). */
const whole = (path: string, from: string, to: string) => {
  const a = from.split('\n').slice(0, -1);
  const b = to.split('\n').slice(0, -1);
  return `--- a/${path}\n+++ b/${path}\n@@ -1,${a.length} +1,${b.length} @@\n${a.map((l) => `-${l}\n`).join('')}${b.map((l) => `+${l}\n`).join('')}`;
};
const OPTIONS = 'opt archive\nopt verbose\n';
const COPY_DEV = whole('options.c', OPTIONS, `${OPTIONS}opt copy-devices\n`);
const FILES = {
  'rsyn-1.0-verify-host.patch': whole('main.c', 'int main;\n', 'int main;\nint verify_host = 1;\n'),
  // its context is copy-dev.diff's result: without the shell line it does not apply
  'rsyn-1.0-append.patch': whole('options.c', `${OPTIONS}opt copy-devices\n`, `${OPTIONS}opt copy-devices\nopt append\n`),
  // edits the diff file the shell line applied (already applied: only the file changes)
  'rsyn-1.0-fix-copy-dev.patch': `--- a/patches/copy-dev.diff\n+++ b/patches/copy-dev.diff\n@@ -1,2 +1,3 @@\n+copy-devices: fixed for sparse files\n --- a/options.c\n +++ b/options.c\n`,
};

describe('class 8 (as el9 rsync): a shell patch line on a diff of the -b 1 tarball, among %patch -b lines', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, lookaside: string, sourceGit: string;

  beforeAll(async () => {
    dir = tempDir('shell-patch-b1');
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'rsyn',
      spec: SPEC,
      tarballs: {
        'rsyn-1.0.tar.gz': { 'rsyn-1.0/README.md': 'rsyn\n', 'rsyn-1.0/options.c': OPTIONS, 'rsyn-1.0/main.c': 'int main;\n' },
        'rsyn-patches-1.0.tar.gz': { 'rsyn-1.0/patches/copy-dev.diff': COPY_DEV, 'rsyn-1.0/patches/unused.diff': whole('main.c', 'x\n', 'y\n') },
      },
      files: FILES,
    }));
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  }, 60_000);
  afterAll(() => removeDirs(dir));

  it('init: Source1, .distro/, the shell line (Distsync-prep-patch), then Patch0…Patch2 in %prep order', () => {
    const rows = git(sourceGit, 'log', '--reverse', '--format=%(trailers:key=Distsync-source,valueonly,separator=)|%(trailers:key=Distsync-prep-patch,valueonly,separator=)|%(trailers:key=Patch-id,valueonly,separator=)', 'v1.0..HEAD')
      .trim()
      .split('\n');
    expect(rows).toEqual(['Source1||', '||', '|patches/copy-dev.diff|', '||0', '||1', '||2']);
    expect(readFileSync(join(sourceGit, 'options.c'), 'utf8')).toBe(`${OPTIONS}opt copy-devices\nopt append\n`);
    expect(readFileSync(join(sourceGit, 'patches/copy-dev.diff'), 'utf8')).toBe(`copy-devices: fixed for sparse files\n${COPY_DEV}`);
  });

  it('update-dist-git right after init leaves dist-git byte-identical', async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: res.changed, files: res.files }).toEqual({ changed: false, files: [] });
    expect(status(distGit)).toBe('');
  });

  it('amending the shell commit is refused with the file and the %prep line; dist-git untouched; undone, a no-op again', async () => {
    const sha = git(sourceGit, 'log', '--format=%H', '-F', '--grep=Distsync-prep-patch: patches/copy-dev.diff', 'v1.0..HEAD').trim();
    const head = git(sourceGit, 'rev-parse', 'HEAD').trim();
    const after = git(sourceGit, 'rev-list', '--reverse', `${sha}..HEAD`).trim().split('\n');
    git(sourceGit, 'reset', '-q', '--hard', sha);
    appendFileSync(join(sourceGit, 'README.md'), 'sneaked into the copy-dev commit\n');
    git(sourceGit, 'commit', '-q', '-a', '--amend', '--no-edit');
    for (const c of after) git(sourceGit, 'cherry-pick', '--allow-empty', c);
    const e = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DistsyncError);
    expect((e as DistsyncError).message).toContain(`no longer matches patches/copy-dev.diff, which %prep line ${SHELL_LINE} applies (\`patch -p1 -i patches/copy-dev.diff\`)`);
    expect(status(distGit)).toBe('');
    git(sourceGit, 'reset', '-q', '--hard', head);
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).changed).toBe(false);
  }, 60_000);

  it('one new commit → one new PatchN and %patch line after the last; real rpmbuild -bp (shell line, -b backups) matches (verify)', async () => {
    appendFileSync(join(sourceGit, 'options.c'), 'opt sparse\n');
    git(sourceGit, 'commit', '-q', '-am', 'options: sparse');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sparse' });
    expect(res.added).toHaveLength(1);
    const spec = readFileSync(join(distGit, 'rsyn.spec'), 'utf8');
    expect(spec).toContain(`Patch3:         ${res.added[0]}\n`);
    expect(spec).toContain('%patch2 -p1 -b .fix-copy-dev\n%patch3 -p1\n');
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(readFileSync(join(v.buildDir, 'options.c'), 'utf8')).toBe(`${OPTIONS}opt copy-devices\nopt append\nopt sparse\n`);
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 120_000);
});
