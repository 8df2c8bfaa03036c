import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runGit, type GitAuth } from './run-git.js';

export interface WorkspaceDeps {
  /** Bare mirrors live in <cacheDir>/mirrors/<owner>/<name>.git, job worktrees in <cacheDir>/work/. */
  cacheDir: string;
  /** e.g. https://github.com */
  gitBaseUrl: string;
  config?: string[];
  log?: { debug(m: string): void };
}

export interface RepoMirror {
  dir: string;
  url: string;
}

/** Bare mirror of a repo, cloned once, fetched incrementally after that. */
export async function fetchMirror(deps: WorkspaceDeps, fullName: string, refspecs: string[], auth: GitAuth): Promise<RepoMirror> {
  const dir = join(deps.cacheDir, 'mirrors', `${fullName}.git`);
  const url = `${deps.gitBaseUrl}/${fullName}.git`;
  const opts = { cwd: dir, auth, ...(deps.config ? { config: deps.config } : {}), ...(deps.log ? { log: deps.log } : {}) };
  if (!(await exists(join(dir, 'HEAD')))) {
    await mkdir(dir, { recursive: true });
    await runGit(['init', '--bare', '--quiet'], opts);
    await runGit(['config', 'user.name', 'distsync'], opts);
    await runGit(['config', 'user.email', 'distsync@users.noreply.github.com'], opts);
  }
  await runGit(['fetch', '--quiet', '--no-tags', '--prune', url, ...refspecs], opts);
  return { dir, url };
}

/** A throw-away worktree of a mirror at `ref` (detached); remove it with removeWorktree. */
export async function addWorktree(deps: WorkspaceDeps, mirror: RepoMirror, ref: string): Promise<string> {
  const dir = join(deps.cacheDir, 'work', randomUUID());
  await mkdir(join(deps.cacheDir, 'work'), { recursive: true });
  await runGit(['worktree', 'add', '--detach', '--quiet', dir, ref], { cwd: mirror.dir });
  return dir;
}

export async function removeWorktree(mirror: RepoMirror, dir: string): Promise<void> {
  await runGit(['worktree', 'remove', '--force', dir], { cwd: mirror.dir }).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  await runGit(['worktree', 'prune'], { cwd: mirror.dir }).catch(() => undefined);
}

/** Force-push HEAD of a worktree to a branch (our own distsync/ branch only), returning the pushed sha. */
export async function pushBranch(deps: WorkspaceDeps, worktree: string, fullName: string, branch: string, auth: GitAuth): Promise<string> {
  const url = `${deps.gitBaseUrl}/${fullName}.git`;
  const opts = { cwd: worktree, auth, ...(deps.config ? { config: deps.config } : {}), ...(deps.log ? { log: deps.log } : {}) };
  await runGit(['push', '--quiet', '--force', url, `HEAD:refs/heads/${branch}`], opts);
  return (await runGit(['rev-parse', 'HEAD'], { cwd: worktree })).trim();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
