import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.js';
import { createTestDatabase } from '../store/pg-helpers.js';
import { CLI, privateKey, SECRET, spawnTs, until } from './scale-harness.js';

describe('process roles on PostgreSQL', () => {
  const children: ChildProcess[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it('`distsync worker` runs jobs from the shared store and stops cleanly on SIGTERM', async () => {
    const db = await createTestDatabase('distsync_roles');
    cleanup.push(db.drop);
    const dir = mkdtempSync(join(tmpdir(), 'distsync-roles-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const store = await openPgStore(db.url);
    cleanup.push(() => store.close());
    const job = await store.enqueue({ kind: 'no-such-kind', queueKey: 'pkg:o/a', payload: null });
    const worker = spawnTs(CLI, ['worker'], {
      ...process.env,
      DATABASE_URL: db.url,
      APP_ID: '1',
      PRIVATE_KEY: privateKey(),
      WEBHOOK_SECRET: SECRET,
      DISTSYNC_CACHE_DIR: join(dir, 'cache'),
    });
    children.push(worker);
    await until(async () => (await store.getJob(job.id))?.state === 'failed', 30_000, () => `the worker to run job ${job.id}\n${worker.errText()}`);
    expect(await store.getJob(job.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'no handler for job kind "no-such-kind"' });
    worker.kill('SIGTERM');
    const code = await new Promise((r) => worker.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  }, 60_000);
});
