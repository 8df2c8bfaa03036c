import { appendFileSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { verify } from '../../src/sync/verify.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

/** lz4 (el9): %autosetup -p1, one mbox patch, tarball bit-identical to the lookaside hash; source-git from upstream git. */
describe('lz4: init from upstream git, round trips both ways', () => {
  const log = createMemoryLogger();
  const deps = { log };
  let dir: string, distGit: string, sourceGit: string, lookaside: string;

  beforeAll(async () => {
    dir = tempDir('lz4');
    distGit = makeDistGit(dir, 'lz4');
    lookaside = makeLookaside(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
  });
  afterAll(() => removeDirs(dir));

  it('init wrote .distro/ and one commit for the patch, with its author and trailers', () => {
    const files = git(sourceGit, 'ls-files', '.distro').trim().split('\n').sort();
    expect(files).toEqual(['.distro/.gitignore', '.distro/.lz4.metadata', '.distro/distsync.yaml', '.distro/lz4.spec', '.distro/source-git.yaml']);
    // Packit's rule: the imported patch's tag is cleared in .distro/ (update-dist-git puts it back where dist-git has it)
    expect(readFileSync(join(sourceGit, '.distro/lz4.spec'), 'utf8')).toBe(git(distGit, 'show', 'HEAD:SPECS/lz4.spec').replace('Patch1: lz4-cve-2021-3520.patch\n', ''));
    const log1 = git(sourceGit, 'log', '-1', '--format=%an <%ae>%n%s%n%(trailers)');
    expect(log1).toContain('Patch-name: lz4-cve-2021-3520.patch');
    expect(log1).toContain('Patch-id: 1');
    expect(log1).toContain(`From-dist-git-commit: ${git(distGit, 'rev-parse', 'HEAD').trim()}`);
    expect(log1).toMatch(/^Jasper Lievisse Adriaanse <j@jasper\.la>\nFix potential memory corruption with negative memmove\(\) size/);
    expect(git(sourceGit, 'rev-list', '--count', 'v1.9.3..HEAD').trim()).toBe('2');
    expect(status(sourceGit)).toBe('');
    expect(git(sourceGit, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('update-dist-git right after init leaves dist-git byte-identical', async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(res.changed).toBe(false);
    expect(res.kept).toEqual(['lz4-cve-2021-3520.patch']);
    expect(status(distGit)).toBe('');
    const st = await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(st.state).toBe('in-sync');
  });

  it('verify passes on the unchanged pair (real rpmbuild -bp)', async () => {
    const res = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(res.mismatches).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.patchesApplied).toBe(1);
  });

  it('one new source-git commit → exactly one new patch and tag, status ahead then in sync, rpmbuild -bp contains it', async () => {
    appendFileSync(join(sourceGit, 'NEWS'), '\ndownstream: a new line from a source-git commit\n');
    git(sourceGit, 'commit', '-q', '-am', 'NEWS: a downstream note');
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('ahead');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Add a downstream note' });
    expect(res.added).toEqual(['0002-NEWS-a-downstream-note.patch']);
    expect(res.updated).toEqual([]);
    expect(res.removed).toEqual([]);
    expect(status(distGit)).toBe('');
    const diff = git(distGit, 'show', '--format=%B', 'HEAD');
    expect(diff).toContain(`From-source-git-commit: ${git(sourceGit, 'rev-parse', 'HEAD').trim()}`);
    expect(diff).toContain('+Patch2: 0002-NEWS-a-downstream-note.patch');
    expect(diff.match(/^\+Patch/gm)).toHaveLength(1);
    expect(diff).not.toMatch(/^\+%patch/m); // %autosetup applies every Patch tag itself
    expect(readdirSync(join(distGit, 'SOURCES')).sort()).toEqual(['0002-NEWS-a-downstream-note.patch', 'lz4-cve-2021-3520.patch']);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    expect(v.ok).toBe(true);
    expect(readFileSync(join(v.buildDir, 'NEWS'), 'utf8')).toContain('downstream: a new line from a source-git commit');
    removeDirs(join(v.buildDir, '..', '..'));
  });

  it('a hand-made dist-git commit (Release bump + changelog) is refused by update-dist-git, then carried back', async () => {
    const spec = join(distGit, 'SPECS/lz4.spec');
    const text = readFileSync(spec, 'utf8')
      .replace('Release:        5%{?dist}', 'Release:        6%{?dist}')
      .replace('%changelog\n', '%changelog\n* Sun Nov 22 2026 A Maintainer <m@example.org> - 1.9.3-6\n- Rebuilt by hand\n\n');
    writeFileSync(spec, text);
    git(distGit, 'commit', '-q', '-am', 'Bump release by hand');
    const st = await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(st.state).toBe('behind');
    expect(st.next[0]).toContain('update-source-git');
    await expect(updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    const res = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(res.commits).toHaveLength(1);
    // the .distro/ spec keeps Packit's rule: no tags for the patch commits
    expect(readFileSync(join(sourceGit, '.distro/lz4.spec'), 'utf8')).toBe(text.replace(/^(# .*\n)*Patch\d+: .*\n/gm, ''));
    expect(git(sourceGit, 'log', '-1', '--format=%(trailers:key=From-dist-git-commit,valueonly)').trim()).toBe(git(distGit, 'rev-parse', 'HEAD').trim());
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
    expect(status(sourceGit)).toBe('');
  });

  it('a hand-made dist-git commit adding a patch file and tag lands in source-git as a commit that applies it', async () => {
    const patch = [
      'From: Hand Maintainer <hand@example.org>',
      'Subject: [PATCH] README: hand-made fix',
      '',
      '---',
      'diff --git a/README.md b/README.md',
      '--- a/README.md',
      '+++ b/README.md',
      '@@ -1,3 +1,4 @@',
      ...readFileSync(join(sourceGit, 'README.md'), 'utf8').split('\n').slice(0, 3).map((l, i) => (i === 0 ? `+hand-made first line\n ${l}` : ` ${l}`)),
      '',
    ].join('\n');
    writeFileSync(join(distGit, 'SOURCES/hand-fix.patch'), patch);
    const spec = join(distGit, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('Patch2: 0002-NEWS-a-downstream-note.patch\n', 'Patch2: 0002-NEWS-a-downstream-note.patch\nPatch3: hand-fix.patch\n'));
    git(distGit, 'add', '-A');
    git(distGit, 'commit', '-q', '-m', 'Add a hand-made patch');
    const res = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    // only the patch commit: the spec's one change is the new tag, which the .distro/ spec leaves out (Packit's rule)
    expect(res.commits).toHaveLength(1);
    expect(readFileSync(join(sourceGit, 'README.md'), 'utf8').split('\n')[0]).toBe('hand-made first line');
    const last = git(sourceGit, 'log', '-1', '--format=%an <%ae>%n%s%n%(trailers)');
    expect(last).toContain('Hand Maintainer <hand@example.org>');
    expect(last).toContain('Patch-name: hand-fix.patch');
    expect(git(sourceGit, 'ls-files', '.distro').includes('hand-fix.patch')).toBe(false);
    // the round trip closes: dist-git is what source-git makes, byte for byte
    const again = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(again.changed).toBe(false);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(v.mismatches).toEqual([]);
  });
});
