import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';

/**
 * The git mirror cache on a worker's disk, shared by every job and every worker
 * process on the machine: a lock per mirror (a directory next to it, made with an
 * atomic mkdir; taken over when its holder died), and pruning of the least recently
 * used mirrors when the cache grows past a size.
 */

const STAMP = 'distsync-used';

export interface LockOptions {
  /** A lock not refreshed for this long is stale (its holder hung or its host died). Default 10 min. */
  staleMs?: number;
  /** Give up waiting after this long. Default 15 min. */
  waitMs?: number;
}

interface Owner {
  host: string;
  pid: number;
}

/** Run `fn` holding the lock of one mirror: jobs and processes using the same mirror take turns. */
export async function withMirrorLock<T>(mirrorDir: string, fn: () => Promise<T>, o: LockOptions = {}): Promise<T> {
  const staleMs = o.staleMs ?? 10 * 60_000;
  const end = Date.now() + (o.waitMs ?? 15 * 60_000);
  while (!(await tryLock(mirrorDir, staleMs))) {
    if (Date.now() > end) throw new Error(`the git mirror ${mirrorDir} stayed locked by another job; remove ${mirrorDir}.lock if no distsync worker runs`);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  const lock = `${mirrorDir}.lock`;
  const refresh = setInterval(() => {
    const t = new Date();
    utimes(lock, t, t).catch(() => undefined);
  }, Math.max(1_000, Math.floor(staleMs / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    await rm(lock, { recursive: true, force: true });
  }
}

/** Take the lock if free (or held by a dead process / stale); false when someone alive holds it. */
export async function tryLock(mirrorDir: string, staleMs: number): Promise<boolean> {
  const lock = `${mirrorDir}.lock`;
  await mkdir(join(mirrorDir, '..'), { recursive: true });
  try {
    await mkdir(lock);
  } catch (e) {
    if ((e as { code?: string }).code !== 'EEXIST') throw e;
    if (!(await isStale(lock, staleMs))) return false;
    await rm(lock, { recursive: true, force: true });
    return tryLock(mirrorDir, staleMs);
  }
  const owner: Owner = { host: hostname(), pid: process.pid };
  await writeFile(join(lock, 'owner.json'), JSON.stringify(owner));
  return true;
}

async function isStale(lock: string, staleMs: number): Promise<boolean> {
  const info = await stat(lock).catch(() => undefined);
  if (!info) return true;
  const owner = await readFile(join(lock, 'owner.json'), 'utf8').then((s) => JSON.parse(s) as Owner, () => undefined);
  // A lock made a moment ago may not have its owner file yet.
  if (!owner) return Date.now() - info.mtimeMs > Math.min(staleMs, 30_000);
  if (owner.host === hostname() && !isAlive(owner.pid)) return true;
  return Date.now() - info.mtimeMs > staleMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Mark a mirror as just used (pruning removes the least recently used first). */
export async function touchMirror(mirrorDir: string): Promise<void> {
  await writeFile(join(mirrorDir, STAMP), '');
}

export interface PruneOptions {
  maxBytes: number;
  /** Mirrors used more recently than this are kept (a job may be about to add a worktree). Default 10 min. */
  keepRecentMs?: number;
  now?: number;
}

/** Remove least recently used mirrors (not locked, no worktree, not used recently) until the cache fits in maxBytes; returns what was removed. */
export async function pruneMirrors(cacheDir: string, o: PruneOptions): Promise<string[]> {
  const now = o.now ?? Date.now();
  const keep = o.keepRecentMs ?? 10 * 60_000;
  const mirrors = await listMirrors(join(cacheDir, 'mirrors'));
  let total = mirrors.reduce((n, m) => n + m.bytes, 0);
  const removed: string[] = [];
  for (const m of mirrors.sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= o.maxBytes) break;
    if (now - m.usedAt < keep || (await hasWorktrees(m.dir))) continue;
    if (!(await tryLock(m.dir, 10 * 60_000))) continue;
    try {
      await rm(m.dir, { recursive: true, force: true });
    } finally {
      await rm(`${m.dir}.lock`, { recursive: true, force: true });
    }
    total -= m.bytes;
    removed.push(m.dir);
  }
  return removed;
}

async function listMirrors(root: string): Promise<{ dir: string; bytes: number; usedAt: number }[]> {
  const out: { dir: string; bytes: number; usedAt: number }[] = [];
  for (const owner of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(join(root, owner)).catch(() => [] as string[])) {
      if (!name.endsWith('.git')) continue;
      const dir = join(root, owner, name);
      const used = (await stat(join(dir, STAMP)).catch(() => undefined)) ?? (await stat(dir));
      out.push({ dir, bytes: await diskBytes(dir), usedAt: used.mtimeMs });
    }
  }
  return out;
}

async function hasWorktrees(dir: string): Promise<boolean> {
  return (await readdir(join(dir, 'worktrees')).catch(() => [] as string[])).length > 0;
}

async function diskBytes(path: string): Promise<number> {
  const s = await stat(path).catch(() => undefined);
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  let n = 0;
  for (const e of await readdir(path).catch(() => [] as string[])) n += await diskBytes(join(path, e));
  return n;
}

const lastPrune = new Map<string, number>();

/** pruneMirrors at most once a minute per cache directory and process (it walks the whole cache). */
export async function pruneMirrorsSometimes(cacheDir: string, maxBytes: number, everyMs = 60_000): Promise<string[]> {
  const now = Date.now();
  if (now - (lastPrune.get(cacheDir) ?? 0) < everyMs) return [];
  lastPrune.set(cacheDir, now);
  return pruneMirrors(cacheDir, { maxBytes, now });
}
