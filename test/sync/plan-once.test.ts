import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { createGit, objectIds, readBlobs } from '../../src/git/index.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { buildSyntheticPair } from '../../bench/synthetic-repos.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';

/** The git commands one run logged (its debug lines), matching `re`. */
const gitCalls = (lines: string[], re: RegExp) => lines.filter((l) => l.startsWith('debug: git ') && re.test(l));

describe('update-dist-git reads each commit and each dist-git file once per run', () => {
  let dir: string, sourceGit: string, distGit: string;
  beforeEach(() => {
    dir = tempDir('plan-once');
    ({ sourceGit, distGit } = buildSyntheticPair(dir, 30, 'autosetup'));
  });
  afterEach(() => removeDirs(dir));

  it('a sync after a synced one: one git log -p for the whole range although the sync-state search plans the older pair too; no cat-file per patch', async () => {
    const first = await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync' });
    expect(first.added).toHaveLength(30);
    writeFileSync(join(sourceGit, 'src/file0.c'), 'int f0(void) {\n  return 42;\n}\n');
    git(sourceGit, 'commit', '-q', '-am', 'One more change');
    const log = createMemoryLogger();
    const res = await updateDistGit({ log }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync again' });
    expect(res.added).toEqual(['0031-One-more-change.patch']);
    expect(res.kept).toHaveLength(30);
    // the sync point (found by its From-source-git-commit trailer) is proven by planning the older source-git commit
    // against it: that plan takes its commits and diffs from the run's memo, not from git again
    expect(gitCalls(log.lines, / log -p /)).toHaveLength(1);
    // the commit list comes from the same log -p (--raw), and the sync point's side (source-git since it) is cut from it
    expect(gitCalls(log.lines, / log -p --raw /)).toHaveLength(1);
    expect(gitCalls(log.lines, / log .*--name-only/)).toHaveLength(0);
    expect(gitCalls(log.lines, / cat-file blob /).length).toBeLessThan(10);
    const again = await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'nothing' });
    expect(again.changed).toBe(false);
  });

  it('a history with merges: each range\'s commit graph (a walk of all of it) is read once per run, not again to linearise it', async () => {
    await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync' });
    git(sourceGit, 'checkout', '-q', '-b', 'topic');
    writeFileSync(join(sourceGit, 'src/file0.c'), 'int f0(void) {\n  return 42;\n}\n');
    git(sourceGit, 'commit', '-q', '-am', 'One more change');
    git(sourceGit, 'checkout', '-q', 'main');
    git(sourceGit, 'merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic');
    const log = createMemoryLogger();
    const res = await updateDistGit({ log }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync the merge' });
    expect(res.added).toEqual(['0031-One-more-change.patch']);
    // every walk of a range in topological order (the memo's history read, commitGraph), by repository and range
    const ranges = gitCalls(log.lines, / log .*--topo-order.* --end-of-options /).map((l) => `${l.split(' ')[3]} ${l.split(' --end-of-options ')[1]}`);
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges).toEqual([...new Set(ranges)]);
  });

  it('a first sync: each snapshot reads its files in one batch, the sync-state search reads its candidates\' configs in one batch', async () => {
    const log = createMemoryLogger();
    const res = await updateDistGit({ log }, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(res.added).toHaveLength(30);
    const lines = log.lines;
    // HEAD of each side; the upstream tag is resolved in the same rev-parse that tells it is a tag (no show-ref);
    // no rev-parse per content candidate
    expect(gitCalls(lines, / rev-parse --verify /)).toHaveLength(2);
    expect(gitCalls(lines, / show-ref /)).toHaveLength(0);
    // the lock's git dir came with the check that each side is a repository (one rev-parse each, logged)
    expect(gitCalls(lines, / rev-parse --absolute-git-dir/)).toHaveLength(0);
    expect(gitCalls(lines, / rev-parse --show-toplevel --absolute-git-dir$/)).toHaveLength(2);
    // source-git's downstream history is read once (the plan's commit graph, the sync state's facts)
    expect(gitCalls(lines, /source-git log .*--topo-order/)).toHaveLength(1);
    // the modes of dist-git's files come from the snapshot's ls-tree, not from an ls-files of the private index
    expect(gitCalls(lines, / ls-files /)).toHaveLength(0);
    // the commits and their diffs in one log -p --raw, no log --name-only beside it
    expect(gitCalls(lines, / log .*--name-only/)).toHaveLength(0);
    // every git process the run starts (22, as a trace of the whole process counts them)
    expect(gitCalls(lines, /./)).toHaveLength(22);
    expect(gitCalls(lines, / cat-file --batch-check/)).toHaveLength(1);
    // source-git's .distro/ files (config, spec, sources) in one batch, dist-git's spec and sources in one: nothing read twice
    expect(gitCalls(lines, / cat-file --batch$/)).toHaveLength(2);
    // the dist-git HEAD's files were listed once, for the snapshot
    expect(gitCalls(lines, /dist-git ls-tree /)).toHaveLength(1);
  });

  it('objectIds: what rev-parse --verify gives for each name, from one call; null for a missing one', async () => {
    const g = createGit(distGit);
    const head = git(distGit, 'rev-parse', 'HEAD').trim();
    const names = [`${head}:synth.spec`, `${head}:missing.patch`, 'HEAD^{commit}', 'HEAD^{tree}', 'no-such-ref'];
    const want = names.map((n) => {
      try {
        return git(distGit, 'rev-parse', '--verify', '-q', n).trim();
      } catch {
        return null;
      }
    });
    expect(want.filter((w) => w === null)).toHaveLength(2);
    expect(await objectIds(g, names)).toEqual(want);
  });

  it('readBlobs: many files in one call, exact bytes; a missing path is left out', async () => {
    const g = createGit(distGit);
    writeFileSync(join(distGit, 'with space.bin'), Buffer.from([0, 1, 2, 10, 255]));
    git(distGit, 'add', '-A');
    git(distGit, 'commit', '-q', '-m', 'binary');
    const head = git(distGit, 'rev-parse', 'HEAD').trim();
    const got = await readBlobs(g, head, ['synth.spec', 'with space.bin', 'missing.patch', 'sources']);
    expect([...got.keys()].sort()).toEqual(['sources', 'synth.spec', 'with space.bin']);
    expect(got.get('with space.bin')).toEqual(Buffer.from([0, 1, 2, 10, 255]));
    expect(got.get('synth.spec')!.toString('utf8')).toBe(git(distGit, 'show', `${head}:synth.spec`));
  });
});
