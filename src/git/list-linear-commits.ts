import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCommitMessage, parseCommitMessage } from '../core/patches/index.js';
import type { Git } from './git.js';
import { commitGraph, type GraphCommit } from './commit-graph.js';
import { describeCommits, listCommits, type CommitInfo } from './list-commits.js';
import { lineariseHistory, type LinearStep } from './linearise-history.js';
import { resolveRef } from './resolve-ref.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * `from..to` as a straight line of commits, oldest first: the first-parent
 * line with every merge replaced by the commits it brings in (never the
 * merge itself). When those commits sit straight on the merge's first parent
 * (a pull request merged without anything landing in between) they are used
 * as they are; otherwise each is replayed (3-way) onto the line in a private
 * index and stands in as a new, unreferenced commit object with the same
 * message and authorship (`original` names the commit it replays), the last
 * one ending exactly at the merge's tree. Without merges this is listCommits.
 * `fromIsBase`: `from` is upstream_ref, the line's base (see lineariseHistory: a
 * rebase onto it merged into an older line starts the line again).
 */
export async function listLinearCommits(
  git: Git,
  from: string,
  to: string,
  opts: { excludePaths?: string[]; fromIsBase?: boolean; graph?: GraphCommit[] } = {},
): Promise<CommitInfo[]> {
  const range = `${from}..${to}`;
  // `graph`: the caller's commitGraph of this very range (not read twice: it walks all of from..to)
  const graph = opts.graph ?? (await commitGraph(git, range));
  const list = { ...(opts.excludePaths ? { excludePaths: opts.excludePaths } : {}) };
  if (!graph.some((c) => c.parents.length > 1)) return listCommits(git, range, list);
  const steps = lineariseHistory(graph, await resolveRef(git, to), opts.fromIsBase ? await resolveRef(git, from) : undefined);
  const line: string[] = [];
  const originals = new Map<string, string>();
  for (const step of steps) {
    if (step.kind === 'commit') line.push(step.sha);
    else if (step.asIs) line.push(...step.brought);
    else for (const [made, original] of await replayMerge(git, step)) {
      line.push(made);
      if (made !== original) originals.set(made, original);
    }
  }
  const commits = await describeCommits(git, line, list);
  return commits.map((c) => (originals.has(c.sha) ? { ...c, original: originals.get(c.sha)! } : c));
}

type MergeStep = Extract<LinearStep, { kind: 'merge' }>;

/** The commits that stand for one merge: [new commit, the commit it replays]. */
async function replayMerge(git: Git, step: MergeStep): Promise<[string, string][]> {
  // A merge that left the main line's tree as it was brings nothing (e.g. a conflict resolved by keeping this side).
  const same = (await git.run(['rev-parse', `${step.firstParent}^{tree}`])).stdout.trim() === step.tree;
  if (same) return [];
  if (step.brought.length === 0) return [[step.merge, step.merge]];
  const tmp = await mkdtemp(join(tmpdir(), 'distsync-linear-'));
  const env = { GIT_INDEX_FILE: join(tmp, 'index') };
  try {
    await git.run(['read-tree', step.firstParent], { env });
    const made: [string, string][] = [];
    let parent = step.firstParent;
    for (const [i, sha] of step.brought.entries()) {
      const last = i === step.brought.length - 1;
      const tree = await replayOnto(git, env, sha);
      if (tree === null || last) {
        // a conflict (the rest folds into this one) or the end: finish exactly at the merge's tree
        const rest = tree === null ? step.brought.slice(i + 1) : [];
        made.push([await commitLike(git, sha, step.tree, parent, rest), sha]);
        return made;
      }
      parent = await commitLike(git, sha, tree, parent, []);
      made.push([parent, sha]);
    }
    return made;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Apply `sha`'s own change (against its first parent) to the private index, 3-way; the new tree, or null on a conflict. */
async function replayOnto(git: Git, env: Record<string, string>, sha: string): Promise<string | null> {
  const parent = (await git.run(['rev-parse', '--verify', '-q', `${sha}^1`], { allowFail: true })).stdout.trim() || EMPTY_TREE;
  const diff = await git.runBuffer(['diff', '--full-index', '--binary', '--no-renames', '--no-ext-diff', '--no-textconv', parent, sha, '--']);
  if (diff.stdout.length > 0) {
    const res = await git.run(['apply', '--cached', '--3way', '--binary', '--whitespace=nowarn', '-'], { env, input: diff.stdout, allowFail: true });
    if (res.code !== 0) return null;
  }
  const tree = await git.run(['write-tree'], { env, allowFail: true });
  return tree.code === 0 ? tree.stdout.trim() : null;
}

/** A commit object (no ref) with `sha`'s message and authorship, at `tree` on `parent`. */
async function commitLike(git: Git, sha: string, tree: string, parent: string, folded: string[]): Promise<string> {
  const fmt = (await git.run(['log', '-1', '--format=%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B', sha])).stdout;
  const [an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...rest] = fmt.split('\0');
  let message = rest.join('\0');
  if (folded.length) {
    const subjects = (await git.run(['log', '--no-walk=unsorted', '--format=- %s', ...folded])).stdout.trim();
    const m = parseCommitMessage(message);
    const note = `Also brings in (could not be replayed one by one):\n${subjects}`;
    message = formatCommitMessage({ ...m, body: m.body ? `${m.body}\n\n${note}` : note });
  }
  const env = { GIT_AUTHOR_NAME: an, GIT_AUTHOR_EMAIL: ae, GIT_AUTHOR_DATE: ad, GIT_COMMITTER_NAME: cn, GIT_COMMITTER_EMAIL: ce, GIT_COMMITTER_DATE: cd };
  return (await git.run(['commit-tree', tree, '-p', parent, '-F', '-'], { env, input: message })).stdout.trim();
}
