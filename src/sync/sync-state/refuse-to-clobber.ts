import { DistsyncError } from '../../core/errors.js';
import type { SyncState } from './find-sync-state.js';

/**
 * Maintainers stepping into dist-git are never overwritten: throw when the
 * paths an update would write or delete were changed by dist-git commits
 * source-git does not have.
 */
export function refuseToClobber(state: SyncState, paths: string[], cmd: { distGitDir: string; sourceGitDir: string }): void {
  const theirs = new Set(state.handCommits.flatMap((c) => c.files));
  const clash = paths.filter((f) => theirs.has(f));
  if (clash.length === 0) return;
  const list = state.handCommits.filter((c) => c.files.some((f) => clash.includes(f))).map((c) => c.sha.slice(0, 12)).join(', ');
  throw new DistsyncError('conflict', `dist-git has commits made outside source-git (${list}) that change ${clash.join(', ')}; updating now would overwrite them`, {
    next: `carry them back first: distsync source-git update-source-git ${cmd.distGitDir} ${cmd.sourceGitDir}   (or pass --force to overwrite)`,
  });
}
