import { mkdir, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { RunScope } from '../core/run-scope.js';
import { checkoutTree, createGit, fastForward, initRepo, type Git } from '../git/index.js';
import { makeTempDir } from './run-deps.js';

/**
 * All source-git writing happens in a scratch repository (a worktree of the
 * user's repo, or a fresh repo for --from-tarball). The user's checkout only
 * moves at the very end, in one landing step (one ref update, then the
 * checkout); a failure or an interrupt anywhere before leaves it exactly as
 * it was, and the scratch repo and its worktree registration are removed.
 */
export interface WorkRepo {
  git: Git;
  dir: string;
  target: string;
  /** The commit the user's checkout is at (and must still be at when landing); null for a fresh repo. */
  base: string | null;
  mode: 'worktree' | 'fresh';
  /** fresh mode: `target` was already an (empty) repository, locked by the caller. */
  targetIsRepo?: boolean;
  abandon(): Promise<void>;
}

/** A detached worktree of `userGit` at `base`. The caller has checked the user's checkout. */
export async function startWorktree(userGit: Git, base: string, log: Logger, scope: RunScope): Promise<WorkRepo> {
  const tmp = await makeTempDir(scope, 'distsync-work-');
  const dir = tmp.dir;
  const plain = createGit(userGit.cwd, { log }); // cleanup must run after an interrupt too
  const abandon = async () => {
    unregister();
    await scope.settled(); // no git of this run may still work in it
    await removeWorktree(plain, dir, adminDir);
    await tmp.remove();
  };
  const common = (await userGit.run(['rev-parse', '--git-common-dir'])).stdout.trim();
  const admin = join(resolve(userGit.cwd, common), 'worktrees');
  const adminDir = { path: admin, existed: await stat(admin).then(() => true, () => false) };
  const unregister = scope.onCleanup(() => removeWorktree(plain, dir, adminDir));
  await userGit.run(['worktree', 'add', '-q', '--detach', dir, base]);
  const git = createGit(dir, { log, interrupt: scope });
  return { git, dir, target: userGit.cwd, base, mode: 'worktree', abandon };
}

/** A new repository in a temp dir, published into `target` (empty) at the end. */
export async function startFreshRepo(target: string, log: Logger, scope: RunScope, opts: { targetIsRepo: boolean }): Promise<WorkRepo> {
  await assertEmptyTarget(target);
  const tmp = await makeTempDir(scope, 'distsync-work-');
  await initRepo(tmp.dir);
  const git = createGit(tmp.dir, { log, interrupt: scope });
  return { git, dir: tmp.dir, target, base: null, mode: 'fresh', targetIsRepo: opts.targetIsRepo, abandon: () => tmp.remove() };
}

/** Land `head` in the user's checkout (fast-forward from `base`, or a fresh repo), then drop the scratch repo. */
export async function publishWorkRepo(work: WorkRepo, head: string, scope: RunScope): Promise<void> {
  try {
    if (work.mode === 'worktree') {
      const userGit = createGit(work.target);
      await scope.land(() => fastForward(userGit, work.base, head));
    } else {
      await scope.land(() => publishFresh(work, head));
    }
  } finally {
    await work.abandon();
  }
}

/** The scratch repo's history into `target` (created, or an empty repo), in one atomic fetch, then checked out. */
async function publishFresh(work: WorkRepo, head: string): Promise<void> {
  const target = work.target;
  const madeDir = await mkdir(target, { recursive: true }).then((d) => d !== undefined);
  const dotGit = join(target, '.git');
  const madeRepo = await mkdir(dotGit).then(() => true, (e: NodeJS.ErrnoException) => {
    if (e.code === 'EEXIST') return false;
    throw e;
  });
  if (!madeRepo && !work.targetIsRepo) {
    throw new DistsyncError('conflict', `${target}/.git appeared while distsync was working (another run?); nothing was written`, {
      next: `look at ${target}, then re-run with an empty directory`,
    });
  }
  const userGit = createGit(target);
  const headBefore = madeRepo ? null : (await userGit.run(['symbolic-ref', '-q', 'HEAD'], { allowFail: true })).stdout.trim();
  const refsBefore = madeRepo ? new Set<string>() : await refNames(userGit);
  try {
    if (madeRepo) await initRepo(target);
    else await assertEmptyTarget(target); // an existing empty repo: still empty now?
    await userGit.run(['fetch', '-q', '--atomic', '--no-write-fetch-head', '--update-head-ok', '--no-tags', work.dir, `+${head}:refs/heads/main`, '+refs/tags/*:refs/tags/*']);
    await userGit.run(['symbolic-ref', 'HEAD', 'refs/heads/main']);
    await checkoutTree(userGit, null, head);
  } catch (e) {
    await undoFresh(userGit, { madeDir, madeRepo, headBefore, refsBefore });
    throw e;
  }
}

async function refNames(git: Git): Promise<Set<string>> {
  const res = await git.run(['for-each-ref', '--format=%(refname)'], { allowFail: true });
  return new Set(res.stdout.split('\n').filter(Boolean));
}

async function undoFresh(git: Git, o: { madeDir: boolean; madeRepo: boolean; headBefore: string | null; refsBefore: Set<string> }): Promise<void> {
  const target = git.cwd;
  if (o.madeDir) {
    await rm(target, { recursive: true, force: true });
    return;
  }
  if (!o.madeRepo) {
    for (const r of await refNames(git)) if (!o.refsBefore.has(r)) await git.run(['update-ref', '-d', r], { allowFail: true });
    if (o.headBefore) await git.run(['symbolic-ref', 'HEAD', o.headBefore], { allowFail: true });
    await git.run(['read-tree', '--empty'], { allowFail: true });
  }
  for (const e of await readdir(target)) if (e !== '.git' || o.madeRepo) await rm(join(target, e), { recursive: true, force: true });
}

/** `git worktree remove`, and the registration too when the directory is already gone or half made. */
async function removeWorktree(git: Git, dir: string, admin: { path: string; existed: boolean }): Promise<void> {
  await git.run(['worktree', 'remove', '--force', '--force', dir], { allowFail: true });
  for (const name of await readdir(admin.path).catch(() => [] as string[])) {
    const gitdir = await readFile(join(admin.path, name, 'gitdir'), 'utf8').catch(() => '');
    if (gitdir.trim() === join(dir, '.git')) await rm(join(admin.path, name), { recursive: true, force: true });
  }
  // .git/worktrees itself, when this run made it (an interrupted `worktree add` leaves it empty)
  if (!admin.existed) await rmdir(admin.path).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

export async function assertEmptyTarget(target: string): Promise<void> {
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
