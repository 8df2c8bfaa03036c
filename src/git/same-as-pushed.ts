import type { GitAuth } from './run-git.js';
import { runGit } from './run-git.js';
import { withMirrorLock } from './mirror-cache.js';
import { remoteOf, type RemoteRepo, type RepoMirror, type WorkspaceDeps } from './git-workspace.js';

async function treeAndParent(cwd: string, rev: string): Promise<string | undefined> {
  return runGit(['rev-parse', `${rev}^{tree}`, `${rev}~1`], { cwd }).then(
    (out) => out.trim(),
    () => undefined,
  );
}

/**
 * True when `pushed.sha` (the head of `pushed.branch` on `pushed.fullName`) has the same tree and
 * parent as the worktree's HEAD: pushing again would only replace it with an identical commit.
 * The pushed commit is fetched into the mirror when this cache has not seen it.
 */
export async function sameAsPushed(deps: WorkspaceDeps, mirror: RepoMirror, worktree: string, pushed: { repo: RemoteRepo; branch: string; sha: string }, auth: GitAuth): Promise<boolean> {
  const ours = await treeAndParent(worktree, 'HEAD');
  if (!ours) return false;
  let theirs = await treeAndParent(mirror.dir, pushed.sha);
  if (!theirs) {
    const { url } = remoteOf(deps, pushed.repo);
    const opts = { cwd: mirror.dir, auth, ...(deps.config ? { config: deps.config } : {}), ...(deps.log ? { log: deps.log } : {}) };
    const fetched = await withMirrorLock(mirror.dir, () => runGit(['fetch', '--quiet', '--no-tags', url, `+refs/heads/${pushed.branch}:refs/distsync/pushed/${pushed.branch}`], opts)).then(
      () => true,
      () => false,
    );
    if (fetched) theirs = await treeAndParent(mirror.dir, pushed.sha);
  }
  return theirs === ours;
}
