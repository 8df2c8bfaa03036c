import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';
import { firstErrorLine } from './git-error.js';

/**
 * Move `ref` to `to` in ONE ref update, only if it still points at `from`
 * (null: only if it does not exist yet). `HEAD` follows its branch. A ref
 * that moved meanwhile is a conflict: nothing is changed.
 */
export async function updateRef(git: Git, ref: string, to: string, from: string | null, reason: string): Promise<void> {
  const res = await git.run(['update-ref', '-m', reason, ref, to, from ?? ''], { allowFail: true });
  if (res.code === 0) return;
  const line = firstErrorLine(res.stderr);
  throw new DistsyncError('conflict', `${ref} in ${git.cwd} moved while distsync was working (${line}); nothing was changed`, {
    next: 'someone else changed the repository meanwhile: look at git log, then re-run',
  });
}
