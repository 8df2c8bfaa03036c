import { mkdtemp, readdir, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { createGit, initRepo, isRepo, type Git } from '../git/index.js';

/**
 * All source-git writing happens in a scratch repository (a worktree of the
 * user's repo, or a fresh repo for --from-tarball). The user's checkout only
 * moves at the very end, by a fast-forward; a failure anywhere before leaves it
 * exactly as it was.
 */
export interface WorkRepo {
  git: Git;
  dir: string;
  target: string;
  mode: 'worktree' | 'fresh';
  abandon(): Promise<void>;
}

/** A detached worktree of `userGit` at `base`. The caller has checked the user's checkout. */
export async function startWorktree(userGit: Git, base: string, log: Logger): Promise<WorkRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'distsync-work-'));
  await rm(dir, { recursive: true, force: true });
  await userGit.run(['worktree', 'add', '-q', '--detach', dir, base]);
  const git = createGit(dir, { log });
  const abandon = async () => {
    await userGit.run(['worktree', 'remove', '--force', dir], { allowFail: true });
    await rm(dir, { recursive: true, force: true });
    await userGit.run(['worktree', 'prune'], { allowFail: true });
  };
  return { git, dir, target: userGit.cwd, mode: 'worktree', abandon };
}

/** A new repository in a temp dir, published into `target` (empty) at the end. */
export async function startFreshRepo(target: string, log: Logger): Promise<WorkRepo> {
  await assertEmptyTarget(target);
  const dir = await mkdtemp(join(tmpdir(), 'distsync-work-'));
  await initRepo(dir);
  const git = createGit(dir, { log });
  return { git, dir, target, mode: 'fresh', abandon: () => rm(dir, { recursive: true, force: true }) };
}

/** Move the user's checkout to `head` (fast-forward only), then drop the scratch repo. */
export async function publishWorkRepo(work: WorkRepo, head: string): Promise<void> {
  if (work.mode === 'worktree') {
    await work.abandon();
    await createGit(work.target).run(['merge', '--ff-only', '-q', head]);
    return;
  }
  const created = !(await isRepo(work.target));
  try {
    await mkdir(work.target, { recursive: true });
    if (created) await initRepo(work.target);
    const userGit = createGit(work.target);
    await userGit.run(['fetch', '-q', '--update-head-ok', '--no-tags', work.dir, `+${head}:refs/heads/main`]);
    await userGit.run(['fetch', '-q', work.dir, 'refs/tags/*:refs/tags/*']);
    await userGit.run(['symbolic-ref', 'HEAD', 'refs/heads/main']);
    await userGit.run(['reset', '-q', '--hard', 'main']);
  } catch (e) {
    if (created) await rm(join(work.target, '.git'), { recursive: true, force: true });
    throw e;
  } finally {
    await work.abandon();
  }
}

async function assertEmptyTarget(target: string): Promise<void> {
  const entries = await readdir(target).catch(() => [] as string[]);
  if (entries.some((e) => e !== '.git')) {
    throw new DistsyncError('usage', `${target} is not empty; --from-tarball creates the source-git from scratch`, {
      next: 'use an empty directory, or drop --from-tarball to start from an upstream git checkout',
    });
  }
  if (entries.includes('.git')) {
    const res = await createGit(target).run(['rev-parse', '--verify', '-q', 'HEAD'], { allowFail: true });
    if (res.code === 0) {
      throw new DistsyncError('usage', `${target} already has commits; --from-tarball needs an empty repository`, { next: 'use an empty directory' });
    }
  }
}
