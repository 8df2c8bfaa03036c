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
 */
export function lineariseHistory(graph: GraphCommit[], head: string): LinearStep[] {
  const bySha = new Map(graph.map((c) => [c.sha, c]));
  const order = new Map(graph.map((c, i) => [c.sha, i]));
  const line: GraphCommit[] = [];
  for (let c = bySha.get(head); c; c = bySha.get(c.parents[0] ?? '')) line.push(c);
  line.reverse();
  const steps: LinearStep[] = [];
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
