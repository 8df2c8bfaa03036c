import { DistsyncError } from '../core/errors.js';
import type { GraphCommit } from './commit-graph.js';

/** One step of a linearised history: a commit as it is, or a merge replaced by the commits it brings in. */
export type LinearStep =
  | { kind: 'commit'; sha: string }
  /** `brought`: the merge's non-merge commits not already on the main line, oldest first. `asIs`: they chain straight from the first parent to the merge's tree, so they can be used unchanged. */
  | { kind: 'merge'; merge: string; firstParent: string; tree: string; brought: string[]; asIs: boolean };

/**
 * The first-parent line from `head` through `graph` (a range's commits,
 * oldest first), each merge replaced by the commits its other parents bring
 * in. Pure: the caller turns steps that are not `asIs` into new commits.
 *
 * With `from` (the range's base, e.g. upstream_ref): a merge whose first parent does not
 * descend from `from` but whose other parent does — a rebase onto a new upstream (propose-
 * downstream's "Update to" branch) merged into the old line — starts the line again: what
 * came before it on the old line is replaced, and the merge stands for its other parent's
 * line. Its tree must be that parent's (the merge kept nothing of the old line), else the
 * history cannot be read as one line and this throws.
 */
export function lineariseHistory(graph: GraphCommit[], head: string, from?: string): LinearStep[] {
  const bySha = new Map(graph.map((c) => [c.sha, c]));
  const order = new Map(graph.map((c, i) => [c.sha, i]));
  let line: GraphCommit[] = [];
  for (let c = bySha.get(head); c; c = bySha.get(c.parents[0] ?? '')) line.push(c);
  line.reverse();
  const steps: LinearStep[] = [];
  const restart = from ? findRestart(bySha, line, from) : -1;
  if (from && restart >= 0) {
    const merge = line[restart]!;
    const onto = merge.parents.slice(1).find((p) => reaches(bySha, p, from))!;
    if (onto === from) {
      throw new DistsyncError('conflict', `merge ${merge.sha.slice(0, 12)} merges upstream_ref (${from.slice(0, 12)}) itself into downstream commits made on an older upstream: source-git is read as upstream_ref and the downstream commits on top of it`, {
        next: 'rebase the downstream commits onto upstream_ref instead (distsync propose-downstream does), and put that on the branch',
      });
    }
    if (bySha.get(onto)?.tree !== merge.tree) {
      throw new DistsyncError('conflict', `merge ${merge.sha.slice(0, 12)} brings ${from.slice(0, 12)} (upstream_ref) in from ${onto.slice(0, 12)}, a rebase onto it, but also keeps changes of the old line the rebase lacks: the downstream commits cannot be read as one line`, {
        next: `put the rebase itself on the branch (git push --force-with-lease=<branch>:${merge.sha} origin ${onto}:<branch>, what \`/distsync merge\` on propose-downstream's "Update to" pull request does), then bring the missing changes in a new pull request`,
      });
    }
    steps.push(...lineariseHistory(graph, onto, from));
    line = line.slice(restart + 1);
  }
  for (const c of line) {
    if (c.parents.length < 2) {
      steps.push({ kind: 'commit', sha: c.sha });
      continue;
    }
    const first = c.parents[0]!;
    const onMain = ancestors(bySha, [first]);
    const brought = [...ancestors(bySha, c.parents.slice(1))]
      .filter((s) => !onMain.has(s))
      .sort((a, b) => order.get(a)! - order.get(b)!)
      .map((s) => bySha.get(s)!);
    const plain = brought.filter((b) => b.parents.length < 2);
    const chained = plain.length === brought.length && plain.every((b, i) => b.parents[0] === (i === 0 ? first : plain[i - 1]!.sha));
    const asIs = chained && (plain.length === 0 ? c.tree === bySha.get(first)?.tree : plain[plain.length - 1]!.tree === c.tree);
    steps.push({ kind: 'merge', merge: c.sha, firstParent: first, tree: c.tree, brought: plain.map((b) => b.sha), asIs });
  }
  return steps;
}

/** `starts` and every commit of the graph they reach. */
function ancestors(bySha: Map<string, GraphCommit>, starts: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...starts];
  while (todo.length) {
    const s = todo.pop()!;
    if (seen.has(s)) continue;
    const c = bySha.get(s);
    if (!c) continue;
    seen.add(s);
    todo.push(...c.parents);
  }
  return seen;
}

/** Whether `start` is `from` or one of its graph ancestors has `from` as a parent. */
function reaches(bySha: Map<string, GraphCommit>, start: string, from: string): boolean {
  if (start === from) return true;
  for (const s of ancestors(bySha, [start])) if (bySha.get(s)!.parents.includes(from)) return true;
  return false;
}

/** The index of the newest merge on `line` whose first parent does not reach `from` and another parent does; -1 when none. */
function findRestart(bySha: Map<string, GraphCommit>, line: GraphCommit[], from: string): number {
  if (line.length === 0 || line[0]!.parents[0] === from) return -1;
  for (let i = line.length - 1; i >= 0; i -= 1) {
    const c = line[i]!;
    if (c.parents.length < 2 || reaches(bySha, c.parents[0]!, from)) continue;
    if (c.parents.slice(1).some((p) => reaches(bySha, p, from))) return i;
  }
  return -1;
}
