import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';
import { createTestDatabase } from './pg-helpers.js';

const SCRIPT = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));

async function until(what: () => boolean | Promise<boolean>, ms = 20_000, label = 'the condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('crash and restart (a real worker process killed with SIGKILL mid-job)', () => {
  const children: ChildProcess[] = [];
  let dir = '';
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
    removeDirs(dir);
  });

  function startWorker(db: string, leaseMs: number, mode = ''): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, db, dir, String(leaseMs), ...(mode ? [mode] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  }

  async function killMidJob(store: Store, db: string, leaseMs: number, mode = ''): Promise<number> {
    const job = await store.enqueue({ kind: 'effect', queueKey: 'pkg:a', payload: { key: 'pr-7' } });
    const first = startWorker(db, leaseMs, mode);
    await until(() => existsSync(join(dir, 'effect-done')), 30_000, 'the first attempt');
    expect(await store.getJob(job.id)).toMatchObject({ state: 'running', attempts: 1 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    return job.id;
  }

  function expectEffectOnce(id: number): void {
    const attempts = readFileSync(join(dir, 'attempts.log'), 'utf8').trim().split('\n');
    expect(attempts.map((l) => l.split(' ').slice(1).join(' '))).toEqual([`${id} attempt 1`, `${id} attempt 2`]);
    expect(new Set(attempts.map((l) => l.split(' ')[0])).size).toBe(2);
    expect(readFileSync(join(dir, 'effects.log'), 'utf8')).toBe('created pr-7\n');
  }

  it('the restarted worker reclaims the expired lease and finishes the job once; its effect happens once', async () => {
    dir = tempDir('crash');
    const db = join(dir, 'state.sqlite');
    const store = await openStore({ sqliteFile: db });
    cleanup.push(() => store.close());
    const id = await killMidJob(store, db, 400);
    startWorker(db, 400);
    await until(async () => (await store.getJob(id))?.state === 'done', 20_000, 'the job to finish');
    const done = await store.getJob(id);
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    expect(done?.leaseOwner).toMatch(/^crash-worker-\d+$/);
    expect(done?.leaseExpiresAt).toBeUndefined();
    expectEffectOnce(id);
    expect(await store.countJobsByState()).toMatchObject({ done: 1, running: 0, queued: 0, failed: 0 });
  });

  // The lease is 60 s: the job can only run again within 5 s of the restart because the worker took back its own job.
  for (const backend of ['SQLite', 'PostgreSQL'] as const) {
    it(`${backend}: a worker restarted with the same identity (host + data dir) runs its interrupted job again within 5 s, not after the 60 s lease`, async () => {
      dir = tempDir('crash-identity');
      let db = join(dir, 'state.sqlite');
      if (backend === 'PostgreSQL') {
        const pgdb = await createTestDatabase('distsync_crash');
        cleanup.push(pgdb.drop);
        db = pgdb.url;
      }
      const store = await openStore({ sqliteFile: db, ...(backend === 'PostgreSQL' ? { databaseUrl: db } : {}), queue: { leaseMs: 60_000 }, role: 'web' });
      cleanup.push(() => store.close());
      const id = await killMidJob(store, db, 60_000, 'identity');
      const owner = (await store.getJob(id))?.leaseOwner;
      expect(owner).toMatch(new RegExp(`:${join(dir, 'data').replace(/[/.]/g, '\\$&')}#0$`));
      const second = startWorker(db, 60_000, 'identity');
      await until(() => existsSync(join(dir, `started-${second.pid}`)), 30_000, 'the restarted worker to start');
      await until(async () => (await store.getJob(id))?.state === 'done', 5_000, 'the interrupted job to run again');
      expect(await store.getJob(id)).toMatchObject({ state: 'done', attempts: 2, leaseOwner: owner });
      expectEffectOnce(id);
    }, 60_000);
  }
});
