import type { RunScope } from '../core/run-scope.js';
import { assertSafeRelativePath } from '../core/layout/safe-path.js';
import { buildTree, checkoutTree, commitTree, fastForward, type Git, type Ident } from '../git/index.js';
import type { DistGitPlan } from './plan-dist-git.js';
import { makeTempDir } from './run-deps.js';

export interface WriteTarget {
  /** Commit with this message; without it the change is staged in the user's index and work tree, not committed. */
  commit?: { message: string; author?: Ident };
  /** With commit: 'head' (default) moves HEAD and the checkout; 'none' only makes the commit, for the caller to land. */
  landing?: 'head' | 'none';
}

/**
 * Write a plan as a transaction: the new tree is built in a private index
 * (nothing of the user's is touched), then lands in one step — one ref update
 * (HEAD with the commit, or the branch), and for HEAD the index and work tree
 * follow; without a commit, one `read-tree -m -u` stages the files. A failure
 * or interrupt before the landing leaves dist-git exactly as it was; a failed
 * landing is undone. `base` is the commit the checkout is at (null: no commits).
 */
export async function writeDistGitPlan(
  git: Git,
  base: string | null,
  plan: DistGitPlan,
  target: WriteTarget,
  scope: RunScope,
  /** The modes of base's files (DistGitSnapshot.modes of the snapshot at `base`), when known. */
  baseModes?: ReadonlyMap<string, string>,
): Promise<string | undefined> {
  for (const path of [...plan.writes.keys(), ...plan.deletes]) assertSafeRelativePath(path);
  const tmp = await makeTempDir(scope, 'distsync-index-');
  try {
    const tree = await buildTree(git, base, { writes: plan.writes, deletes: plan.deletes }, tmp.dir, baseModes);
    if (!target.commit) {
      await scope.land(() => checkoutTree(git, base, tree));
      return undefined;
    }
    const sha = await commitTree(git, tree, base ? [base] : [], target.commit);
    if (target.landing !== 'none') await scope.land(() => fastForward(git, base, sha));
    return sha;
  } finally {
    await tmp.remove();
  }
}
