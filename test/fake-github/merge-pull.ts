import { bareGit, commitsBetween, readCommit, type Ident } from './bare-git.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface MergeRequest {
  dir: string;
  baseRef: string;
  headSha: string;
  method: MergeMethod;
  number: number;
  title: string;
  /** e.g. "Codertocat/fix-1": how GitHub names the head in a merge commit's subject. */
  headLabel: string;
  /** Who merged (author of a merge commit; the squash author when the PR has several commits). */
  merger: Ident;
  commitTitle?: string;
  commitMessage?: string;
}

export interface MergeOutcome {
  /** The new base head (merge_commit_sha). */
  sha: string;
  /** Every commit the merge added to the base, oldest first. */
  created: string[];
}

export class MergeConflict extends Error {}

/** Three-way merge of two commits' trees, as GitHub computes mergeability: the tree, or a conflict. */
function mergeTrees(dir: string, ours: string, theirs: string): string {
  try {
    return bareGit(dir, ['merge-tree', '--write-tree', '--no-messages', ours, theirs]).split('\n')[0]!.trim();
  } catch {
    throw new MergeConflict(`merge conflict between ${ours.slice(0, 12)} and ${theirs.slice(0, 12)}`);
  }
}

function commitTree(dir: string, tree: string, parents: string[], message: string, author: Ident): string {
  return bareGit(dir, ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], { input: `${message}\n`, author }).trim();
}

/**
 * Merge a pull request the way GitHub does, with real git plumbing on the bare repo:
 * `merge` makes a merge commit "Merge pull request #N from <label>", `squash` one commit
 * "<title> (#N)", `rebase` replays each commit (committer GitHub). The base ref moves with
 * one compare-and-swap update-ref.
 */
export function mergePull(r: MergeRequest): MergeOutcome {
  const base = bareGit(r.dir, ['rev-parse', '--verify', `refs/heads/${r.baseRef}^{commit}`]).trim();
  const commits = commitsBetween(r.dir, base, r.headSha, r.method !== 'rebase');
  if (commits.length === 0) throw new MergeConflict('nothing to merge: the head is already in the base');
  let created: string[];
  if (r.method === 'merge') {
    const tree = mergeTrees(r.dir, base, r.headSha);
    const message = `${r.commitTitle ?? `Merge pull request #${r.number} from ${r.headLabel}`}\n\n${r.commitMessage ?? r.title}`;
    created = [commitTree(r.dir, tree, [base, r.headSha], message, r.merger)];
  } else if (r.method === 'squash') {
    const tree = mergeTrees(r.dir, base, r.headSha);
    const metas = commits.map((c) => readCommit(r.dir, c));
    const only = metas.length === 1 ? metas[0] : undefined;
    const [subject = '', ...rest] = (only?.message ?? '').split('\n');
    const title = r.commitTitle ?? (only ? `${subject} (#${r.number})` : `${r.title} (#${r.number})`);
    const body = r.commitMessage ?? (only ? rest.join('\n').replace(/^\n+/, '') : metas.map((m) => `* ${m.message}`).join('\n\n'));
    const author = only ? only.author : r.merger;
    created = [commitTree(r.dir, tree, [base], body ? `${title}\n\n${body}` : title, author)];
  } else {
    let current = base;
    created = [];
    for (const c of commits) {
      const meta = readCommit(r.dir, c);
      const tree = mergeTrees(r.dir, current, c);
      current = commitTree(r.dir, tree, [current], meta.message, meta.author);
      created.push(current);
    }
  }
  const sha = created[created.length - 1]!;
  bareGit(r.dir, ['update-ref', `refs/heads/${r.baseRef}`, sha, base]);
  return { sha, created };
}
