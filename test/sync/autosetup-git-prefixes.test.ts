import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { makeTinyPackage, TAIL } from '../helpers/tiny-package.js';

/**
 * Issue 10 class 1 on a package we wrote, shaped like el9 iperf3 and clevis
 * (fixtures/corpus-el9/README.md): `%autosetup -n … -S git` without -p, so
 * rpm applies every patch with git at its default -p1; 4-digit Patch numbers;
 * Source0 is named by the version alone and unpacks into a directory of
 * another name; patches are a format-patch mail and a plain diff between
 * `x.ori/` and `x/` with timestamps (no mail header). A new commit must become
 * a patch with a/ b/ that rpm's git applies; real rpmbuild -bp checks it.
 */
const SPEC = `Name:           gitty
Version:        3.9
Release:        1
Summary:        test package
License:        MIT
Source0:        https://example.org/archive/%{version}.tar.gz
Patch0000:      0000-readme-crash.patch
Patch0002:      gitty-3.9-plain.patch

%description
Patches applied by rpm with git.

%prep
%autosetup -n gitty-src-%{version} -S git
${TAIL}`;

const MAIL = [
  'From 1f8fb13297f3e3e40169ebcd12e171167e394473 Mon Sep 17 00:00:00 2001',
  'From: Upstream Dev <dev@example.org>',
  'Date: Mon, 3 May 2021 10:00:00 +0000',
  'Subject: [PATCH] Fix a crash described in the README',
  '',
  '---',
  ' README.md | 1 +',
  ' 1 file changed, 1 insertion(+)',
  '',
  'diff --git a/README.md b/README.md',
  'index 1111111..2222222 100644',
  '--- a/README.md',
  '+++ b/README.md',
  '@@ -1,2 +1,3 @@',
  ' gitty',
  ' crashes',
  '+no more',
  '-- ',
  '2.31.1',
  '',
  '',
].join('\n');

const PLAIN = [
  'Keep the server socket open on error.',
  '',
  '--- gitty-src-3.9.ori/src/net.c\t2021-05-03 10:00:00.000000000 +0000',
  '+++ gitty-src-3.9/src/net.c\t2021-05-03 10:05:00.000000000 +0000',
  '@@ -1,2 +1,2 @@',
  ' int sock;',
  '-int close_on_error = 1;',
  '+int close_on_error = 0;',
  '',
].join('\n');

describe('class 1: %autosetup -S git without -p (as el9 iperf3, clevis): init → no-op → a/ b/ patch → rpmbuild -bp', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, lookaside: string, sourceGit: string;

  beforeAll(async () => {
    dir = tempDir('autosetup-git');
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'gitty',
      spec: SPEC,
      tarballs: { '3.9.tar.gz': { 'gitty-src-3.9/README.md': 'gitty\ncrashes\n', 'gitty-src-3.9/src/net.c': 'int sock;\nint close_on_error = 1;\n' } },
      files: { '0000-readme-crash.patch': MAIL, 'gitty-3.9-plain.patch': PLAIN },
    }));
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v3.9', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  }, 60_000);
  afterAll(() => removeDirs(dir));

  it('init applies both patches as rpm does (git -p1 strips a/ and gitty-src-3.9.ori/) in Patch number order', () => {
    const names = git(sourceGit, 'log', '--reverse', '--format=%(trailers:key=Patch-name,valueonly,separator=)', 'v3.9..HEAD').trim().split('\n').filter(Boolean);
    expect(names).toEqual(['0000-readme-crash.patch', 'gitty-3.9-plain.patch']);
    expect(readFileSync(join(sourceGit, 'README.md'), 'utf8')).toBe('gitty\ncrashes\nno more\n');
    expect(readFileSync(join(sourceGit, 'src/net.c'), 'utf8')).toBe('int sock;\nint close_on_error = 0;\n');
  });

  it('update-dist-git right after init leaves dist-git byte-identical (both patch files keep their bytes)', async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: res.changed, files: res.files }).toEqual({ changed: false, files: [] });
    expect(readFileSync(join(distGit, 'gitty-3.9-plain.patch'), 'utf8')).toBe(PLAIN);
    expect(readFileSync(join(distGit, '0000-readme-crash.patch'), 'utf8')).toBe(MAIL);
    expect(status(distGit)).toBe('');
  });

  it('one new commit below the top → one new patch with a/ b/ and one Patch tag (no %patch line); rpmbuild -bp applies it with git; verify ok', async () => {
    appendFileSync(join(sourceGit, 'src/net.c'), 'int retries = 3;\n');
    git(sourceGit, 'commit', '-q', '-am', 'net: retry three times');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'retry' });
    expect(res.added).toHaveLength(1);
    const patch = readFileSync(join(distGit, res.added[0]!), 'utf8');
    expect(patch).toMatch(/^diff --git a\/src\/net\.c b\/src\/net\.c$/m);
    expect(patch).toMatch(/^--- a\/src\/net\.c\n\+\+\+ b\/src\/net\.c$/m);
    const specDiff = git(distGit, 'show', '--format=', 'HEAD', '--', 'gitty.spec').split('\n').filter((l) => /^[+-][^+-]/.test(l));
    expect(specDiff.filter((l) => l.startsWith('-'))).toEqual([]);
    expect(specDiff.filter((l) => !l.startsWith('+#'))).toEqual([expect.stringMatching(new RegExp(`^\\+Patch\\d+:\\s+${res.added[0]!.replace(/\./g, '\\.')}$`))]);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      // rpm applied all three with git (verify counts only GNU patch runs): the prepared tree has every change
      expect(readFileSync(join(v.buildDir, 'README.md'), 'utf8')).toBe('gitty\ncrashes\nno more\n');
      expect(readFileSync(join(v.buildDir, 'src/net.c'), 'utf8')).toBe('int sock;\nint close_on_error = 0;\nint retries = 3;\n');
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 120_000);
});
