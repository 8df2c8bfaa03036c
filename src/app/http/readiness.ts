import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from '../../store/types.js';

export interface ReadinessDeps {
  store: Pick<Store, 'ping'>;
  /** The git cache: its disk must have room for mirrors and worktrees. */
  cacheDir: string;
  minFreeBytes: number;
}

export interface Readiness {
  ready: boolean;
  /** What is wrong, one line each (empty when ready). */
  reasons: string[];
}

/** /readyz: the store answers, git runs, and the git cache's disk has at least minFreeBytes free. */
export async function checkReadiness(d: ReadinessDeps): Promise<Readiness> {
  const checks = await Promise.all([
    d.store.ping().then(
      () => undefined,
      (e: unknown) => `store: ${message(e)}`,
    ),
    gitVersion().then(
      () => undefined,
      (e: unknown) => `git: ${message(e)} (install git)`,
    ),
    freeBytes(d.cacheDir).then(
      (free) => (free < d.minFreeBytes ? `disk: ${mb(free)} MB free for the git cache at ${d.cacheDir}, below DISTSYNC_READY_MIN_FREE_MB=${mb(d.minFreeBytes)}` : undefined),
      (e: unknown) => `disk: ${message(e)}`,
    ),
  ]);
  const reasons = checks.filter((r): r is string => r !== undefined);
  return { ready: reasons.length === 0, reasons };
}

function gitVersion(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', ['--version'], { timeout: 5_000 }, (e) => (e ? reject(e) : resolve()));
  });
}

/** Free bytes on the disk of `dir`, or of its nearest existing parent (the cache is created on first use). */
async function freeBytes(dir: string): Promise<number> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const s = await statfs(d);
      return s.bavail * s.bsize;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw e;
    }
  }
}

const mb = (bytes: number) => Math.floor(bytes / (1024 * 1024));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
