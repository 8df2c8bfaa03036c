import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { readSourceGit } from '../../src/sync/read-source-git.js';
import { surelyNotHeld } from '../../src/sync/sync-state/surely-not-held.js';
import { lazyFirstParentLine } from '../../src/sync/sync-state/history.js';
import { createGit } from '../../src/git/index.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

/** The sync state over the histories real forges and people make, on lz4 (el9, %autosetup, one patch). */
describe('sync state: every merge style, hand commits, Packit trailers', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string;
  const st = () => syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
  const toDist = (message?: string) => updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, ...(message ? { message } : {}) });
  const toSource = () => updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
  const sgCommit = (text: string, subject: string, repo = sourceGit) => {
    appendFileSync(join(repo, 'NEWS'), `${text}\n`);
    git(repo, 'commit', '-q', '-am', subject);
  };
  const bumpRelease = (from: number, to: number) => {
    const spec = join(distGit, 'SPECS/lz4.spec');
    const text = readFileSync(spec, 'utf8').replace(`Release:        ${from}%{?dist}`, `Release:        ${to}%{?dist}`);
    writeFileSync(spec, text.replace('%changelog\n', `%changelog\n* Mon Nov 23 2026 Packager <p@example.org> - 1.9.3-${to}\n- Rebuilt\n\n`));
    git(distGit, 'commit', '-q', '-am', `Release ${to}`);
  };
  /** What GitHub does for a pull request merged with a merge commit: a branch, then `git merge --no-ff` into main. */
  const mergeDistGitBranch = (branch: string) => {
    git(distGit, 'checkout', '-q', 'main');
    git(distGit, 'merge', '-q', '--no-ff', '-m', `Merge pull request #1 from org/${branch}`, branch);
  };
  const syncOnBranch = async (branch: string, message: string) => {
    git(distGit, 'checkout', '-q', '-b', branch);
    const res = await toDist(message);
    git(distGit, 'checkout', '-q', 'main');
    return res;
  };

  beforeEach(async () => {
    dir = tempDir('sync-state');
    distGit = makeDistGit(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: makeLookaside(dir, 'lz4') });
  });
  afterEach(() => removeDirs(dir));

  it('a dist-git merge commit of a synced branch is a sync point, not a hand edit: the next update works', async () => {
    sgCommit('one', 'PR1: one');
    await syncOnBranch('sync-1', 'Sync PR1');
    mergeDistGitBranch('sync-1');
    const s = await st();
    expect(s.state).toBe('in-sync');
    expect(s.syncPointDetail).toMatchObject({ distGit: git(distGit, 'rev-parse', 'HEAD').trim(), how: 'merged', sourceGit: git(sourceGit, 'rev-parse', 'HEAD').trim() });
    sgCommit('two', 'PR2: two');
    const res = await toDist('Sync PR2');
    expect(res.added).toEqual(['0003-PR2-two.patch']);
    expect(res.kept).toEqual(['lz4-cve-2021-3520.patch', '0002-PR1-one.patch']);
    expect((await st()).state).toBe('in-sync');
  });

  it('a merge after a packager commit on main: only the packager commit is a hand commit; carried back, then in sync', async () => {
    sgCommit('one', 'PR1: one');
    await syncOnBranch('sync-1', 'Sync PR1');
    bumpRelease(1, 2);
    const packager = git(distGit, 'rev-parse', 'HEAD').trim();
    mergeDistGitBranch('sync-1');
    const before = await st();
    expect(before.handCommits.map((c) => c.sha)).toEqual([packager]);
    expect(before.state).toBe('behind');
    const carried = await toSource();
    expect(carried.carried.map((c) => c.distGitCommit)).toEqual([packager]);
    expect((await st()).state).toBe('in-sync');
    expect((await toDist()).changed).toBe(false);
  });

  it('a squash merge on dist-git (the forge lists the squashed messages) is recognised by its trailer and content', async () => {
    sgCommit('one', 'PR1: one');
    await syncOnBranch('sync-1', 'Sync PR1');
    git(distGit, 'merge', '-q', '--squash', 'sync-1');
    const body = git(distGit, 'log', '-1', '--format=%B', 'sync-1');
    git(distGit, 'commit', '-q', '-m', `Sync PR1 (#1)\n\n* ${body.trim().split('\n').join('\n')}\n\nCo-authored-by: Someone <s@example.org>`);
    const s = await st();
    expect(s.state).toBe('in-sync');
    expect(s.syncPointDetail?.how).toBe('synced');
  });

  it('update-dist-git without -m, committed by hand as it says: the commit is a sync point by content, the next update works', async () => {
    sgCommit('one', 'PR1: one');
    const res = await toDist();
    expect(res.commitSha).toBeUndefined();
    git(distGit, 'add', '-A');
    git(distGit, 'commit', '-q', '-m', 'my own words, no trailer');
    const s = await st();
    expect(s.state).toBe('in-sync');
    expect(s.syncPointDetail?.how).toBe('content');
    sgCommit('two', 'PR2: two');
    expect((await st()).state).toBe('ahead');
    const next = await toDist('Sync PR2');
    expect(next.added).toEqual(['0003-PR2-two.patch']);
    expect(next.kept).toEqual(['lz4-cve-2021-3520.patch', '0002-PR1-one.patch']);
    expect(status(distGit)).toBe('');
  });

  it('Packit-synced histories: its From-source-git-commit / From-dist-git-commit trailers tie the two sides', async () => {
    sgCommit('one', 'PR1: one');
    await toDist();
    git(distGit, 'add', '-A');
    const sgHead = git(sourceGit, 'rev-parse', 'HEAD').trim();
    git(distGit, 'commit', '-q', '-m', `[packit] 1.9.3 upstream release\n\nUpstream tag: v1.9.3\nUpstream commit: ${sgHead.slice(0, 8)}\n\nFrom-source-git-commit: ${sgHead}\n`);
    const s = await st();
    expect(s.state).toBe('in-sync');
    expect(s.syncPointDetail).toMatchObject({ how: 'synced', sourceGit: sgHead });
    // Packit's update-source-git: a dist-git commit carried back with From-dist-git-commit
    bumpRelease(1, 2);
    const packager = git(distGit, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(sourceGit, '.distro/lz4.spec'), git(distGit, 'show', 'HEAD:SPECS/lz4.spec'));
    git(sourceGit, 'commit', '-q', '-am', `Release 2\n\nFrom-dist-git-commit: ${packager}\n`);
    const after = await st();
    expect(after.syncPointDetail).toMatchObject({ how: 'carried', distGit: packager });
    expect(after.state).toBe('in-sync');
  });

  it('a hand commit whose change source-git already has (same edit made there) is not a hand commit', async () => {
    bumpRelease(1, 2);
    writeFileSync(join(sourceGit, '.distro/lz4.spec'), git(distGit, 'show', 'HEAD:SPECS/lz4.spec'));
    git(sourceGit, 'commit', '-q', '-am', 'Release 2 (made in source-git too)');
    sgCommit('one', 'PR1: one');
    const s = await st();
    expect(s.handCommits).toEqual([]);
    expect(s.state).toBe('ahead');
    expect((await toDist('Sync')).added).toEqual(['0002-PR1-one.patch']);
  });

  it('the content pre-check: a dist-git with no patch file surely does not hold a source-git with a commit that makes one; anything else gets the full comparison', async () => {
    const sgGit = createGit(sourceGit);
    const dgGit = createGit(distGit);
    const withPatch = git(distGit, 'rev-parse', 'HEAD').trim();
    git(distGit, 'rm', '-q', '--', ...git(distGit, 'ls-files', '*.patch').trim().split('\n'));
    git(distGit, 'commit', '-q', '-m', 'no patches at all');
    const noPatch = git(distGit, 'rev-parse', 'HEAD').trim();
    // init's commits carry Patch-name: they may make a file under any name, so no shortcut
    expect(await surelyNotHeld(await readSourceGit(sgGit), dgGit, noPatch)).toBe(false);
    sgCommit('one', 'PR1: one');
    expect(await surelyNotHeld(await readSourceGit(sgGit), dgGit, noPatch)).toBe(true);
    expect(await surelyNotHeld(await readSourceGit(sgGit), dgGit, withPatch)).toBe(false);
  });
  it('the dist-git line is read page by page, in first-parent order, only as far as asked; an update whose sync point is the head reads one short page', async () => {
    git(distGit, 'checkout', '-q', '-b', 'side');
    for (let i = 0; i < 3; i += 1) bumpRelease(1 + i, 2 + i);
    git(distGit, 'checkout', '-q', 'main');
    appendFileSync(join(distGit, 'SOURCES/notes.txt'), 'main\n');
    git(distGit, 'add', 'SOURCES/notes.txt');
    git(distGit, 'commit', '-q', '-m', 'Notes');
    git(distGit, 'merge', '-q', '--no-ff', '-m', 'Merge side', 'side');
    const want = git(distGit, 'rev-list', '--first-parent', 'HEAD').trim().split('\n');
    const reads: string[] = [];
    const line = lazyFirstParentLine(createGit(distGit, { log: { debug: (m) => reads.push(m) } }), want[0]!, 2);
    expect((await line.at(2))?.sha).toBe(want[2]);
    expect(reads).toHaveLength(2); // pages of 2, then 4
    expect((await line.all()).map((c) => c.sha)).toEqual(want);
    expect(await line.at(want.length)).toBeUndefined();
    sgCommit('one', 'PR1: one');
    await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Sync PR1', force: true });
    sgCommit('two', 'PR2: two');
    const log = createMemoryLogger();
    await updateDistGit({ log }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Sync PR2' });
    const lineReads = log.lines.filter((l) => l.includes(`git -C ${distGit} log`) && l.includes('--first-parent'));
    expect(lineReads).toHaveLength(1);
    expect(lineReads[0]).toContain('--max-count=32');
  });
});
