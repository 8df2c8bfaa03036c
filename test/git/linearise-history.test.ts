import { describe, expect, it } from 'vitest';
import { lineariseHistory } from '../../src/git/linearise-history.js';
import type { GraphCommit } from '../../src/git/commit-graph.js';

const c = (sha: string, parents: string[], tree = `t-${sha}`): GraphCommit => ({ sha, tree, parents });

/**
 * from = F (upstream_ref, the new tag; not in the range). The old line O1–O2 sits on an older
 * upstream (X); the rebase R1–R2 sits on F; M merges the rebase into the old line.
 */
describe('lineariseHistory with the line base (upstream_ref)', () => {
  const old = [c('O1', ['X']), c('O2', ['O1'])];
  const rebase = [c('R1', ['F']), c('R2', ['R1'])];

  it('a rebase onto upstream_ref merged into the old line starts the line again: the rebase, never the old commits', () => {
    const graph = [...old, ...rebase, c('M', ['O2', 'R2'], 't-R2'), c('A', ['M'])];
    expect(lineariseHistory(graph, 'A', 'F')).toEqual([
      { kind: 'commit', sha: 'R1' },
      { kind: 'commit', sha: 'R2' },
      { kind: 'commit', sha: 'A' },
    ]);
    // without the base: the old line and the merge, as before
    expect(lineariseHistory(graph, 'A').map((s) => (s.kind === 'commit' ? s.sha : `merge ${s.merge}`))).toEqual(['O1', 'O2', 'merge M', 'A']);
  });

  it('a merge that keeps changes of the old line the rebase lacks is refused with the fix', () => {
    const graph = [...old, ...rebase, c('M', ['O2', 'R2'], 't-other')];
    expect(() => lineariseHistory(graph, 'M', 'F')).toThrow(expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/keeps changes of the old line the rebase lacks/), next: expect.stringMatching(/git push --force-with-lease=<branch>:M origin R2:<branch>/) }));
  });

  it('upstream_ref itself merged into the old line is refused', () => {
    const graph = [...old, c('M', ['O2', 'F'], 't-merged')];
    expect(() => lineariseHistory(graph, 'M', 'F')).toThrow(expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/merges upstream_ref \(F\) itself/) }));
  });

  it('a line that starts on upstream_ref is left as it was (a pull request merged with a merge commit)', () => {
    const graph = [c('D', ['F']), c('P1', ['D']), c('P2', ['P1']), c('N', ['D']), c('M', ['N', 'P2'])];
    expect(lineariseHistory(graph, 'M', 'F')).toEqual(lineariseHistory(graph, 'M'));
  });
});
