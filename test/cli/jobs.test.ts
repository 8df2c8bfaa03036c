import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { openPgStore } from '../../src/store/pg-store.js';
import { runCliCaptured as cli } from '../helpers/run-cli.js';
import { createTestDatabase } from '../store/pg-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'distsync-jobs-cli-'));
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
  rmSync(dir, { recursive: true, force: true });
});
const saved = { db: process.env['DISTSYNC_DB'], url: process.env['DATABASE_URL'] };
afterEach(() => {
  for (const [k, v] of [['DISTSYNC_DB', saved.db], ['DATABASE_URL', saved.url]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('distsync jobs', () => {
  it('lists failed jobs with their last error and queues one again with retry; refuses what is not failed', async () => {
    const file = join(dir, 'app.sqlite');
    const store = openSqliteStore(file);
    const bad = await store.enqueue({ kind: 'sync-pr', queueKey: 'pkg:o/lz4', supersedeKey: 'sync:o/lz4#3', payload: { pr: 3 } });
    const ok = await store.enqueue({ kind: 'sync-pr', queueKey: 'pkg:o/zlib', payload: { pr: 1 } });
    await store.claim('w');
    await store.finish({ id: bad.id, attempts: 1 }, { state: 'failed', error: 'GitHub kept failing: Bad Gateway\nmore detail' });
    await store.close();
    process.env['DISTSYNC_DB'] = file;

    const failed = await cli(['jobs', '--state', 'failed']);
    expect(failed.code).toBe(0);
    expect(failed.out.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${bad.id}\\tfailed\\tsync-pr\\to/lz4\\tattempt 1/5\\t\\S+  GitHub kept failing: Bad Gateway$`))]);
    const all = await cli(['--json', 'jobs', '--package', 'o/zlib']);
    expect(JSON.parse(all.out)).toMatchObject([{ id: ok.id, state: 'queued', payload: { pr: 1 } }]);

    const retried = await cli(['jobs', 'retry', String(bad.id)]);
    expect(retried.code).toBe(0);
    expect(retried.out).toMatch(/^queued job 3 \(sync-pr, pkg:o\/lz4\) to retry job 1/);
    const after = openSqliteStore(file);
    expect(await after.getJob(3)).toMatchObject({ kind: 'sync-pr', queueKey: 'pkg:o/lz4', supersedeKey: 'sync:o/lz4#3', payload: { pr: 3 }, state: 'queued' });
    await after.close();

    const refused = await cli(['jobs', 'retry', String(ok.id)]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/job 2 is queued, not failed: nothing to retry\n\s+next: distsync jobs --state failed/);
    expect((await cli(['jobs', 'retry', '99'])).err).toMatch(/there is no job 99/);
    expect((await cli(['jobs', '--state', 'broken'])).err).toMatch(/--state must be one of queued, running, done, failed, superseded \(got "broken"\)/);
    expect((await cli(['jobs', '--limit', '0'])).code).toBe(2);
  });

  it('says where it looked when there is no store, and creates none', async () => {
    process.env['DISTSYNC_DB'] = join(dir, 'nowhere.sqlite');
    const res = await cli(['jobs']);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/no App store at .*nowhere\.sqlite\n\s+next: run it where the App runs, or set DISTSYNC_DB/);
  });

  it('reads the PostgreSQL store when DATABASE_URL is set', async () => {
    const db = await createTestDatabase('distsync_jobs_cli');
    cleanup.push(db.drop);
    const store = await openPgStore(db.url);
    const job = await store.enqueue({ kind: 'no-such-kind', queueKey: 'pkg:o/jq', payload: null });
    await store.close();
    process.env['DATABASE_URL'] = db.url;
    const res = await cli(['jobs']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(new RegExp(`^${job.id}\\tqueued\\tno-such-kind\\to/jq\\tattempt 0/5`));
  });

  it('retries on PostgreSQL with the lease of the App (DISTSYNC_JOB_LEASE_SECONDS), like its own enqueues', async () => {
    const db = await createTestDatabase('distsync_jobs_lease');
    cleanup.push(db.drop);
    const store = await openPgStore(db.url);
    const job = await store.enqueue({ kind: 'k', queueKey: 'pkg:o/jq', payload: null });
    const claimed = await store.claim('w');
    await store.finish(claimed!, { state: 'failed', error: 'boom' });
    await store.close();
    process.env['DATABASE_URL'] = db.url;
    process.env['DISTSYNC_JOB_LEASE_SECONDS'] = '90';
    try {
      expect((await cli(['jobs', 'retry', String(job.id)])).code).toBe(0);
    } finally {
      delete process.env['DISTSYNC_JOB_LEASE_SECONDS'];
    }
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ heartbeat_seconds: number }>(`SELECT heartbeat_seconds FROM distsync_boss.job WHERE data->>'jobId' = $1`, [String(job.id + 1)]);
      expect(rows).toEqual([{ heartbeat_seconds: 90 }]);
    } finally {
      await c.end();
    }
  });
});
