import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';

const SCRIPT = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));

async function until(what: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('crash and restart (a real worker process killed with SIGKILL mid-job)', () => {
  const children: ChildProcess[] = [];
  let dir = '';
  afterEach(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    removeDirs(dir);
  });

  function startWorker(db: string): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, db, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  }

  it('the restarted worker reclaims the expired lease and finishes the job once; its effect happens once', async () => {
    dir = tempDir('crash');
    const db = join(dir, 'state.sqlite');
    const store = openSqliteStore(db);
    try {
      const job = await store.enqueue({ kind: 'effect', queueKey: 'pkg:a', payload: { key: 'pr-7' } });
      const first = startWorker(db);
      await until(() => existsSync(join(dir, 'effect-done')));
      expect(await store.getJob(job.id)).toMatchObject({ state: 'running', attempts: 1 });
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));

      startWorker(db);
      await until(async () => (await store.getJob(job.id))?.state === 'done');
      const done = await store.getJob(job.id);
      expect(done).toMatchObject({ state: 'done', attempts: 2 });
      expect(done?.leaseOwner).toMatch(/^crash-worker-\d+$/);
      expect(done?.leaseExpiresAt).toBeUndefined();
      const attempts = readFileSync(join(dir, 'attempts.log'), 'utf8').trim().split('\n');
      expect(attempts.map((l) => l.split(' ').slice(1).join(' '))).toEqual([`${job.id} attempt 1`, `${job.id} attempt 2`]);
      expect(new Set(attempts.map((l) => l.split(' ')[0])).size).toBe(2);
      expect(readFileSync(join(dir, 'effects.log'), 'utf8')).toBe('created pr-7\n');
      expect(await store.countJobsByState()).toMatchObject({ done: 1, running: 0, queued: 0, failed: 0 });
    } finally {
      await store.close();
    }
  });
});
