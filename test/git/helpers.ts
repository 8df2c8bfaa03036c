import { DistsyncError } from '../../src/core/errors.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real corpus copied into the repo (fixtures/corpus, see its README for provenance). */
export const CORPUS = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));

const ENV = { ...process.env, LANG: 'C', LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: '1' };

/** Plain git for test setup and checks (independent of the code under test). */
export function sh(cwd: string, ...args: string[]): string {
  return shEnv(cwd, {}, ...args);
}

/** sh with extra environment (GIT_AUTHOR_DATE…). */
export function shEnv(cwd: string, env: Record<string, string>, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test Packager', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...ENV, ...env },
    maxBuffer: 512 * 1024 * 1024,
  });
}

export function shBuffer(cwd: string, ...args: string[]): Buffer {
  return execFileSync('git', ['-c', 'user.name=Test Packager', '-c', 'user.email=test@example.org', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    env: ENV,
    maxBuffer: 512 * 1024 * 1024,
  });
}

/** Any program, for reference runs (GNU patch, tar). */
export function run(cwd: string, cmd: string, args: string[], input?: Buffer): string {
  return execFileSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input ? { input } : {}) });
}

/** Temp dirs that `cleanup()` removes. */
export function tempDirs(): { make(prefix: string): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make(prefix) {
      const d = mkdtempSync(join(tmpdir(), `distsync-${prefix}-`));
      made.push(d);
      return d;
    },
    cleanup() {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A fresh repo with committer config set locally. */
export function newRepo(dir: string): string {
  sh(dir, 'init', '-q', '-b', 'main', dir);
  sh(dir, 'config', 'user.name', 'Test Packager');
  sh(dir, 'config', 'user.email', 'test@example.org');
  return dir;
}

/** Tree of a directory as git would commit it (add -A -f in a throwaway index). */
export function treeOfDir(dir: string): string {
  const idx = join(mkdtempSync(join(tmpdir(), 'distsync-idx-')), 'index');
  const env = { ...ENV, GIT_INDEX_FILE: idx, GIT_DIR: join(dir, '.git'), GIT_WORK_TREE: dir };
  try {
    execFileSync('git', ['add', '-A', '-f', '.'], { cwd: dir, env });
    return execFileSync('git', ['write-tree'], { cwd: dir, env, encoding: 'utf8' }).trim();
  } finally {
    rmSync(join(idx, '..'), { recursive: true, force: true });
  }
}

/** The DistsyncError a promise rejects with (fails the test when it resolves or throws something else). */
export async function rejectionOf(p: Promise<unknown>): Promise<DistsyncError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DistsyncError) return e;
    throw e;
  }
  throw new Error('expected a DistsyncError, but the call succeeded');
}
