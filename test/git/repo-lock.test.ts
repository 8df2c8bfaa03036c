import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { createRunScope } from '../../src/core/run-scope.js';
import { createGit, lockRepo } from '../../src/git/index.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';

/** The error a promise rejects with; fails the test when it resolves. */
async function thrown(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('no error');
    },
    (e: unknown) => e,
  );
}

describe('per-repository lock', () => {
  let dir: string, lockPath: string;
  beforeEach(() => {
    dir = tempDir('lock');
    git(dir, 'init', '-q', '.');
    lockPath = join(dir, '.git', 'distsync.lock');
  });
  afterEach(() => removeDirs(dir));
  const repo = () => createGit(dir);
  const holder = (o: Partial<{ pid: number; host: string; command: string; since: string; run: string }>) =>
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), command: 'distsync source-git update-dist-git sg dg', since: '2026-12-03T08:00:00.000Z', run: 'other-run', ...o }));

  it('is a file in the git dir naming this run, removed on release', async () => {
    const scope = createRunScope({ command: 'distsync source-git update-dist-git sg dg' });
    const release = await lockRepo(repo(), 'dist-git', scope);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'distsync source-git update-dist-git sg dg', run: scope.id });
    await release();
    expect(readdirSync(join(dir, '.git')).filter((n) => n.startsWith('distsync'))).toEqual([]);
  });

  it('a second run is refused with who holds it, since when, and what to do', async () => {
    holder({});
    const err = await thrown(lockRepo(repo(), 'dist-git', createRunScope()));
    expect(err).toMatchObject({ code: 'locked' });
    expect((err as Error).message).toBe(
      `dist-git (${dir}) is locked by another distsync run: pid ${process.pid} on ${hostname()}, \`distsync source-git update-dist-git sg dg\`, since 2026-12-03T08:00:00.000Z`,
    );
    expect((err as { next: string }).next).toBe(
      `wait for that run to finish, then re-run (or pass --wait SECONDS); if pid ${process.pid} no longer runs on ${hostname()}, remove ${lockPath}`,
    );
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ run: 'other-run' }); // not taken over
  });

  it('a lock left by a process that is gone is removed, with a warning', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    holder({ pid: deadPid });
    const log = createMemoryLogger();
    const scope = createRunScope();
    const release = await lockRepo(repo(), 'dist-git', scope, log);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, run: scope.id });
    expect(log.lines).toEqual([`warn: removed a stale lock of pid ${deadPid} (distsync source-git update-dist-git sg dg, since 2026-12-03T08:00:00.000Z): that process is gone`]);
    await release();
  });

  it('a lock from another host is never broken automatically', async () => {
    holder({ pid: 999_999, host: 'build-box-7' });
    expect(await thrown(lockRepo(repo(), 'dist-git', createRunScope()))).toMatchObject({ code: 'locked', message: expect.stringContaining('pid 999999 on build-box-7') });
  });

  it('the same run may take its own lock again (propose-downstream → update-dist-git); only the outer release frees it', async () => {
    const scope = createRunScope();
    const outer = await lockRepo(repo(), 'dist-git', scope);
    const inner = await lockRepo(repo(), 'dist-git', scope);
    await inner();
    expect(existsSync(lockPath)).toBe(true);
    await outer();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('with a wait, takes the lock once the other run lets go', async () => {
    holder({});
    const scope = createRunScope({ lockWaitMs: 10_000 });
    const taking = lockRepo(repo(), 'dist-git', scope);
    setTimeout(() => removeDirs(lockPath), 300);
    const release = await taking;
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ run: scope.id });
    await release();
  });

  it('the scope cleanup releases a lock the run did not release (interrupted run)', async () => {
    const scope = createRunScope();
    await lockRepo(repo(), 'dist-git', scope);
    scope.interrupt('SIGINT');
    await scope.cleanupAll();
    expect(existsSync(lockPath)).toBe(false);
  });
});
