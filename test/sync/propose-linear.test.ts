import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { createLocalLookaside } from '../../src/lookaside/index.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

/** propose-downstream rebases the linearised downstream commits: a pull request merged with a merge commit is its commits, never the merge. */
describe('propose-downstream after a merge commit in source-git (lz4 1.9.3 → 1.9.4)', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string;

  beforeAll(async () => {
    dir = tempDir('propose-linear');
    distGit = makeDistGit(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: makeLookaside(dir, 'lz4') });
    expect(readFileSync(join(sourceGit, '.distro/source-git.yaml'), 'utf8')).toMatch(/^upstream_tag_template: v\{version\}$/m);
    git(sourceGit, 'checkout', '-q', '-b', 'pr1');
    appendFileSync(join(sourceGit, 'NEWS'), '\ndownstream: first\n');
    git(sourceGit, 'commit', '-q', '-am', 'NEWS: first downstream note');
    appendFileSync(join(sourceGit, 'NEWS'), 'downstream: second\n');
    git(sourceGit, 'commit', '-q', '-am', 'NEWS: second downstream note');
    git(sourceGit, 'checkout', '-q', 'main');
    git(sourceGit, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from org/pr1', 'pr1');
  });
  afterAll(() => removeDirs(dir));

  it('rebases the two commits of the merged pull request, reports no merge, and the new branch has no merge commit', async () => {
    const res = await proposeDownstream(deps, {
      sourceGitDir: sourceGit, distGitDir: distGit, lookaside: createLocalLookaside(join(dir, 'store')),
      packager: { name: 'Release Bot', email: 'release@example.org' }, date: new Date('2026-11-22T12:00:00Z'), version: '1.9.4',
    });
    expect(res.report.conflicts).toEqual([]);
    expect(res.report.rebased.map((r) => r.subject)).toEqual(['NEWS: first downstream note', 'NEWS: second downstream note']);
    expect([...res.report.mergedUpstream, ...res.report.rebased].map((r) => r.subject)).not.toContainEqual(expect.stringMatching(/^Merge/));
    expect(git(sourceGit, 'rev-list', '--merges', '--count', `v1.9.4..${res.sourceGitBranch}`).trim()).toBe('0');
  });
});
