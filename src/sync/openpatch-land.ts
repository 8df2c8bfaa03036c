import { DistsyncError } from '../core/errors.js';
import type { TreeFile } from '../core/openpatch/index.js';
import type { Git } from '../git/index.js';

/** Paths added, updated (bytes or mode) and removed from `before` to `after`. */
export function treeChanges(before: ReadonlyMap<string, TreeFile>, after: ReadonlyMap<string, TreeFile>): { added: string[]; updated: string[]; removed: string[] } {
  const added: string[] = [];
  const updated: string[] = [];
  for (const [p, f] of after) {
    const old = before.get(p);
    if (!old) added.push(p);
    else if (old.mode !== f.mode || Buffer.compare(Buffer.from(old.data), Buffer.from(f.data)) !== 0) updated.push(p);
  }
  const removed = [...before.keys()].filter((p) => !after.has(p));
  return { added: added.sort(), updated: updated.sort(), removed: removed.sort() };
}

/**
 * Move `branch` from `from` (null: it does not exist yet) to `to` in one ref update. When the branch
 * is checked out in a work tree (which the caller checked is clean), the work tree follows by a
 * fast-forward. A branch that moved meanwhile is a conflict and nothing changes.
 */
export async function landCommit(git: Git, branch: string, to: string, from: string | null): Promise<void> {
  const head = await git.run(['symbolic-ref', '-q', 'HEAD'], { allowFail: true });
  const bare = (await git.run(['rev-parse', '--is-bare-repository'])).stdout.trim() === 'true';
  if (!bare && head.code === 0 && head.stdout.trim() === `refs/heads/${branch}` && from !== null) {
    const res = await git.run(['merge', '--ff-only', '-q', to], { allowFail: true });
    if (res.code === 0) return;
    throw new DistsyncError('conflict', `${branch} in ${git.cwd} could not be fast-forwarded to ${to.slice(0, 12)}: ${res.stderr.trim().split('\n')[0]}`, {
      next: 'someone changed the branch or the work tree meanwhile: look at git status / git log, then run again',
    });
  }
  const res = await git.run(['update-ref', '-m', 'distsync openpatch', `refs/heads/${branch}`, to, from ?? ''], { allowFail: true });
  if (res.code !== 0) {
    throw new DistsyncError('conflict', `refs/heads/${branch} in ${git.cwd} moved while distsync was working; nothing was changed`, {
      next: 'look at git log, then run again',
    });
  }
  if (!bare && head.code === 0 && head.stdout.trim() === `refs/heads/${branch}`) await git.run(['reset', '-q', '--hard', to]); // an unborn checked-out branch: fill the (empty) work tree
}
