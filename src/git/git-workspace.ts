import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runGit, runGitResult, type GitAuth } from './run-git.js';
import { DistsyncError } from '../core/errors.js';
import { pruneMirrorsSometimes, touchMirror, withMirrorLock } from './mirror-cache.js';

export interface WorkspaceDeps {
  /** Bare mirrors live in <cacheDir>/mirrors/<owner>/<name>.git, job worktrees in <cacheDir>/work/. */
  cacheDir: string;
  /** e.g. https://github.com */
  gitBaseUrl: string;
  config?: string[];
  log?: { debug(m: string): void };
  /** Prune least recently used mirrors when the cache grows past this (DISTSYNC_CACHE_MAX_MB); unbounded when unset. */
  maxCacheBytes?: number;
}

export interface RepoMirror {
  dir: string;
  url: string;
}

/**
 * A repository to fetch from or push to: `owner/name` on the App's git host (gitBaseUrl), or a
 * name (the mirror's key under mirrors/, e.g. `gitlab.com/redhat/rpms/zlib`) and its URL.
 */
export type RemoteRepo = string | { name: string; url: string };

/** The mirror key and URL of a RemoteRepo. */
export function remoteOf(deps: Pick<WorkspaceDeps, 'gitBaseUrl'>, repo: RemoteRepo): { name: string; url: string } {
  if (typeof repo !== 'string') return repo;
  return { name: repo, url: `${deps.gitBaseUrl}/${repo}.git` };
}

/** Bare mirror of a repo, cloned once, fetched incrementally after that, under the mirror's lock (other jobs and worker processes on this disk wait). */
export async function fetchMirror(deps: WorkspaceDeps, repo: RemoteRepo, refspecs: string[], auth: GitAuth): Promise<RepoMirror> {
  const { name, url } = remoteOf(deps, repo);
  const dir = join(deps.cacheDir, 'mirrors', `${name}.git`);
  const opts = { cwd: dir, auth, ...(deps.config ? { config: deps.config } : {}), ...(deps.log ? { log: deps.log } : {}) };
  await withMirrorLock(dir, async () => {
    if (!(await exists(join(dir, 'HEAD')))) {
      await mkdir(dir, { recursive: true });
      await runGit(['init', '--bare', '--quiet'], opts);
      await runGit(['config', 'user.name', 'distsync'], opts);
      await runGit(['config', 'user.email', 'distsync@users.noreply.github.com'], opts);
    }
    await runGit(['fetch', '--quiet', '--no-tags', '--prune', url, ...refspecs], opts);
    await touchMirror(dir);
  });
  if (deps.maxCacheBytes !== undefined) await pruneMirrorsSometimes(deps.cacheDir, deps.maxCacheBytes);
  return { dir, url };
}

/** A throw-away worktree of a mirror at `ref` (detached); remove it with removeWorktree. */
export async function addWorktree(deps: WorkspaceDeps, mirror: RepoMirror, ref: string): Promise<string> {
  const dir = join(deps.cacheDir, 'work', randomUUID());
  await mkdir(join(deps.cacheDir, 'work'), { recursive: true });
  await withMirrorLock(mirror.dir, () => runGit(['worktree', 'add', '--detach', '--quiet', dir, ref], { cwd: mirror.dir }));
  return dir;
}

export async function removeWorktree(mirror: RepoMirror, dir: string): Promise<void> {
  await withMirrorLock(mirror.dir, async () => {
    await runGit(['worktree', 'remove', '--force', dir], { cwd: mirror.dir }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], { cwd: mirror.dir }).catch(() => undefined);
  });
}

/** Force-push HEAD of a worktree to a branch (our own distsync/ branch only), returning the pushed sha. */
export async function pushBranch(deps: WorkspaceDeps, worktree: string, repo: RemoteRepo, branch: string, auth: GitAuth): Promise<string> {
  const { url } = remoteOf(deps, repo);
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

/** Force-push a ref of a local repo (a mirror) to a branch of `fullName` (our own propose-downstream/ branches only). */
export async function pushRef(deps: WorkspaceDeps, repoDir: string, repo: RemoteRepo, ref: string, branch: string, auth: GitAuth): Promise<string> {
  const { url } = remoteOf(deps, repo);
  const opts = { cwd: repoDir, auth, ...(deps.config ? { config: deps.config } : {}), ...(deps.log ? { log: deps.log } : {}) };
  const sha = (await runGit(['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoDir })).trim();
  await runGit(['push', '--quiet', '--force', url, `${sha}:refs/heads/${branch}`], opts);
  return sha;
}

export type LeasePush = { pushed: true } | { pushed: false; reason: 'moved' | 'refused'; detail: string };

/**
 * Move `branch` of `repo` to `sha` (a force push) only if it is still at `expected`: git's
 * --force-with-lease, checked by the server in the same ref update (GitHub's refs API has no
 * such lease). `moved`: the branch is no longer at `expected`; `refused`: the server said no
 * (branch protection, rulesets), with its `remote:` lines.
 */
export async function pushWithLease(deps: WorkspaceDeps, repoDir: string, repo: RemoteRepo, sha: string, branch: string, expected: string, auth: GitAuth): Promise<LeasePush> {
  const { url } = remoteOf(deps, repo);
  const opts = { cwd: repoDir, auth, ...(deps.config ? { config: deps.config } : {}), ...(deps.log ? { log: deps.log } : {}) };
  const ref = `refs/heads/${branch}`;
  const res = await runGitResult(['push', '--porcelain', `--force-with-lease=${ref}:${expected}`, url, `${sha}:${ref}`], opts);
  if (res.code === 0) return { pushed: true };
  const all = `${res.stdout}\n${res.stderr}`;
  if (/\[rejected\].*\(stale info\)|\(fetch first\)/.test(all)) return { pushed: false, reason: 'moved', detail: `${branch} is no longer at ${expected.slice(0, 12)}` };
  const remote = res.stderr.split('\n').filter((l) => l.startsWith('remote:')).map((l) => l.replace(/^remote:\s*/, '').trim()).filter(Boolean);
  if (/\[remote rejected\]/.test(all)) return { pushed: false, reason: 'refused', detail: remote.join(' ') || (/\[remote rejected\][^\n]*/.exec(all)?.[0] ?? 'refused') };
  throw new DistsyncError('git-failed', `git push failed (exit ${res.code}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`, {
    next: 'check that the App is installed on the repository and may push to it, then try again',
  });
}
