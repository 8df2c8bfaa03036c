import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPgStore } from '../../src/store/pg-store.js';
import { migratePg } from '../../src/store/pg-migrate.js';
import { PG_MIGRATIONS } from '../../src/store/migrations-pg.js';
import { TestClock } from 'pg-boss';
import { QUEUE, storeContract } from './store-contract.js';
import { createTestDatabase } from './pg-helpers.js';

let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  db = await createTestDatabase('distsync_store');
});
afterAll(async () => db?.drop());
let n = 0;
let schema = '';

function url(): string {
  if (!db) throw new Error('the test database was not created (is PostgreSQL running?)');
  return db.url;
}

let clock = new TestClock(1_000_000);
storeContract({
  name: 'PostgreSQL (queue on pg-boss)',
  create: async () => {
    schema = `s${n++}`;
    clock = new TestClock(1_000_000);
    const store = await openPgStore(url(), { schema, ...QUEUE, clock });
    // pg-boss's timers (supervision of expired heartbeats) fire as the test moves time.
    return { store, clock: { now: () => clock.now(), advance: (ms) => clock.tick(ms) } };
  },
  reopen: async () => openPgStore(url(), { schema, ...QUEUE, clock }),
});

describe('PostgreSQL queue under concurrency (several replicas = several pools and pg-boss instances)', () => {
  it('enqueuers and claimers racing on a few keys: one job per key at a time, in id order, each once', async () => {
    const replicas = await Promise.all(Array.from({ length: 4 }, () => openPgStore(url(), { schema: 'race' })));
    try {
      const keys = ['k0', 'k1', 'k2'];
      let enqueued = 0;
      const enqueuers = replicas.slice(0, 2).map(async (s, r) => {
        for (let i = 0; i < 150; i++) {
          await s.enqueue({ kind: 'k', queueKey: keys[(i + r) % keys.length] as string, payload: { r, i } });
          enqueued++;
        }
      });
      const active = new Map<string, number>();
      const ran: { key: string; id: number }[] = [];
      const violations: string[] = [];
      let done = false;
      const claimers = replicas.flatMap((s, r) =>
        [0, 1].map(async (c) => {
          while (!done) {
            const job = await s.claim(`w${r}-${c}`);
            if (!job) {
              await new Promise((res) => setTimeout(res, 2));
              continue;
            }
            if (active.has(job.queueKey)) violations.push(`${job.id} started while ${active.get(job.queueKey)} of ${job.queueKey} ran`);
            active.set(job.queueKey, job.id);
            ran.push({ key: job.queueKey, id: job.id });
            await new Promise((res) => setTimeout(res, Math.random() * 2));
            active.delete(job.queueKey);
            if (!(await s.finish(job, { state: 'done' }))) violations.push(`lost ${job.id}`);
          }
        }),
      );
      await Promise.all(enqueuers);
      const check = replicas[0] as (typeof replicas)[number];
      const end = Date.now() + 60_000;
      while ((await check.countJobsByState()).done < enqueued && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
      done = true;
      await Promise.all(claimers);
      expect(violations).toEqual([]);
      expect(await check.countJobsByState()).toMatchObject({ done: 300, queued: 0, running: 0 });
      expect(ran.length).toBe(300);
      for (const key of keys) {
        const ids = ran.filter((x) => x.key === key).map((x) => x.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    } finally {
      await Promise.all(replicas.map((s) => s.close()));
    }
  }, 90_000);
});

describe('PostgreSQL migrations', () => {
  it('replicas starting at once migrate once (advisory lock) and agree on the version', async () => {
    const stores = await Promise.all(Array.from({ length: 6 }, () => openPgStore(url(), { schema: 'racing' })));
    await Promise.all(stores.map((s) => s.close()));
    const c = new pg.Client({ connectionString: url(), options: '-c search_path=racing' });
    await c.connect();
    try {
      const { rows } = await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    } finally {
      await c.end();
    }
  });

  it('applies a new migration once on an existing schema and keeps its rows', async () => {
    const store = await openPgStore(url(), { schema: 'upgrade' });
    await store.enqueue({ kind: 'k', queueKey: 'a', payload: 1 });
    await store.close();
    const pool = new pg.Pool({ connectionString: url(), options: '-c search_path=upgrade' });
    try {
      const next = [...PG_MIGRATIONS, { version: 999, name: 'test column', sql: 'ALTER TABLE jobs ADD COLUMN note TEXT' }];
      expect(await migratePg(pool, next)).toBe(999);
      expect(await migratePg(pool, next)).toBe(999);
      const { rows } = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM jobs');
      expect(rows[0]?.n).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('upgrades a schema-2 store (the queue as our own tables): migration 3, then pg-boss gets its unfinished jobs in order', async () => {
    const pool = new pg.Pool({ connectionString: url(), options: '-c search_path=v2' });
    try {
      await pool.query('CREATE SCHEMA IF NOT EXISTS v2');
      expect(await migratePg(pool, PG_MIGRATIONS.filter((m) => m.version <= 2))).toBe(2);
      // Rows as the schema-2 queue left them: a done job, a package with two queued, one running when its worker stopped.
      const insert = `INSERT INTO jobs (kind, queue_key, payload, state, attempts, max_attempts, run_at, created_at, lease_owner)
                      VALUES ('k', $1, $2, $3, $4, 5, 0, 0, $5) RETURNING id`;
      const ids: number[] = [];
      for (const [key, payload, state, attempts, owner] of [['a', '"old"', 'done', 1, null], ['a', '"a1"', 'queued', 0, null], ['b', '"b1"', 'running', 2, 'gone'], ['a', '"a2"', 'queued', 0, null]] as const) {
        ids.push(Number((await pool.query<{ id: number }>(insert, [key, payload, state, attempts, owner])).rows[0]?.id));
      }
      await pool.query(`INSERT INTO job_queues (queue_key) VALUES ('a'), ('b')`);
    } finally {
      await pool.end();
    }
    const store = await openPgStore(url(), { schema: 'v2' });
    try {
      const first = [await store.claim('w'), await store.claim('w')];
      expect(first.map((j) => j?.payload).sort()).toEqual(['a1', 'b1']);
      expect(first.find((j) => j?.payload === 'b1')).toMatchObject({ attempts: 3, leaseOwner: 'w' });
      expect(await store.claim('w')).toBeUndefined(); // a2 waits behind a1
      const a1 = first.find((j) => j?.payload === 'a1')!;
      expect(await store.finish(a1, { state: 'done' })).toBe(true);
      expect((await store.claim('w'))?.payload).toBe('a2');
      expect(await store.getJob(1)).toMatchObject({ state: 'done', payload: 'old' });
    } finally {
      await store.close();
    }
    const again = await openPgStore(url(), { schema: 'v2' }); // a second start sends nothing twice
    try {
      expect(await again.claim('w')).toBeUndefined();
    } finally {
      await again.close();
    }
  });
});
