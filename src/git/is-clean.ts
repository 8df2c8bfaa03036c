import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';

/** Paths with uncommitted changes, untracked files included (ignored files are not). */
export async function dirtyPaths(git: Git): Promise<string[]> {
  const res = await git.run(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=none']);
  const paths: string[] = [];
  const recs = res.stdout.split('\0');
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.length < 4) continue;
    paths.push(rec.slice(3));
    if (rec[0] === 'R' || rec[0] === 'C') i++; // the source path follows as its own record
  }
  return paths;
}

export async function isClean(git: Git): Promise<boolean> {
  return (await dirtyPaths(git)).length === 0;
}

/** dirty-worktree unless the work tree and index match HEAD. `what` names the repo for the user ("dist-git"). */
export async function assertClean(git: Git, what: string): Promise<void> {
  const dirty = await dirtyPaths(git);
  if (dirty.length === 0) return;
  const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, … (${dirty.length} in all)` : '');
  throw new DistsyncError('dirty-worktree', `${what} (${git.cwd}) has uncommitted changes: ${shown}`, {
    next: `commit or stash your changes (git -C ${git.cwd} stash -u), then re-run`,
  });
}
