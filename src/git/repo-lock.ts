import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { RunScope } from '../core/run-scope.js';
import type { Git } from './git.js';

/** What a lock file says about the run holding it. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
  /** The holding run's scope id: the same run may take its own lock again (propose-downstream → update-dist-git). */
  run: string;
}

export const LOCK_FILE = 'distsync.lock';
const POLL_MS = 100;

/**
 * Take the per-repository lock `<git-dir>/distsync.lock` for this run, or
 * throw `locked` naming the run that holds it. A lock left by a process that
 * is gone (same host, dead pid) is removed. With scope.lockWaitMs the call
 * waits that long for the other run first. Released by the returned function,
 * or by the scope's cleanup when the run ends early.
 */
export async function lockRepo(git: Git, what: string, scope: RunScope, log?: { warn(m: string): void }): Promise<() => Promise<void>> {
  const gitDir = git.gitDir ?? (await git.run(['rev-parse', '--absolute-git-dir'])).stdout.trim();
  const path = join(gitDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), command: scope.command, since: new Date().toISOString(), run: scope.id };
  const deadline = Date.now() + scope.lockWaitMs;
  for (;;) {
    scope.throwIfInterrupted();
    const holder = await tryCreate(path, me);
    if (holder === null) break;
    if (holder.run === me.run) return async () => undefined; // this run holds it already
    if (holder.host === me.host && !isAlive(holder.pid)) {
      if (await breakStale(path, holder)) log?.warn(`removed a stale lock of pid ${holder.pid} (${holder.command}, since ${holder.since}): that process is gone`);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(what, git.cwd, path, holder, scope.lockWaitMs);
    await sleep(POLL_MS, scope.signal);
  }
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    unregister();
    const now = await readHolder(path);
    if (now?.run === me.run) await rm(path, { force: true });
  };
  const unregister = scope.onCleanup(release);
  return release;
}

/** Create the lock file whole (temp file + link, which fails when it exists); null when taken, else who holds it. */
async function tryCreate(path: string, me: LockHolder): Promise<LockHolder | null> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, `${JSON.stringify(me)}\n`);
  try {
    await link(tmp, path);
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return (await readHolder(path)) ?? { pid: 0, host: '?', command: '(unreadable lock file)', since: '?', run: '?' };
  } finally {
    await rm(tmp, { force: true });
  }
}

async function readHolder(path: string): Promise<LockHolder | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    return { pid: Number(v.pid) || 0, host: String(v.host ?? '?'), command: String(v.command ?? '?'), since: String(v.since ?? '?'), run: String(v.run ?? '?') };
  } catch {
    return { pid: 0, host: '?', command: '(unreadable lock file)', since: '?', run: '?' };
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // cannot tell: never break it automatically
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Move the stale lock aside and delete it, unless a live run took the lock in between (then put that one back). */
async function breakStale(path: string, stale: LockHolder): Promise<boolean> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  const moved = await rename(path, aside).then(() => true, () => false);
  if (!moved) return false;
  const got = await readHolder(aside);
  if (got && got.run === stale.run && got.pid === stale.pid) {
    await rm(aside, { force: true });
    return true;
  }
  await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
  return false;
}

function lockedError(what: string, dir: string, path: string, h: LockHolder, waitedMs: number): DistsyncError {
  const waited = waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : '';
  return new DistsyncError('locked', `${what} (${dir}) is locked by another distsync run${waited}: pid ${h.pid} on ${h.host}, \`${h.command}\`, since ${h.since}`, {
    next: `wait for that run to finish, then re-run (or pass --wait SECONDS); if pid ${h.pid} no longer runs on ${h.host}, remove ${path}`,
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
