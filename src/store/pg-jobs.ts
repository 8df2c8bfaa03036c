import type { Pool, PoolClient } from 'pg';
import type { PgBoss } from 'pg-boss';
import { JOB_STATES, type Job, type JobAttempt, type JobMethods, type JobOutcome, type JobState, type NewJob, type QueueDepth, type QueueOptions } from './types.js';
import { jobFromRow, type JobRow } from './sqlite-rows.js';
import { inTransaction, transactionOn } from './pg-tx.js';
import { affected, bossIdOf, bossSettings, JOB_QUEUE, onClient } from './pg-boss-queue.js';
import { claimFromBoss, reclaimOwnJobs, releaseFailedKeys, type ClaimDeps } from './pg-claim.js';

const DEFAULT_MAX_ATTEMPTS = 5;
/** How often an idle claimer looks for packages that pg-boss itself failed (a safety net; distsync never lets it happen). */
const RELEASE_EVERY_MS = 30_000;

type PgJobRow = JobRow & { boss_id: string | null; boss_retry_count: number | null };

/** Insert a job row with its pg-boss id (derived from the row id, so both sort alike) in one statement. */
const INSERT = `
INSERT INTO jobs (id, kind, queue_key, supersede_key, payload, delivery_id, state, attempts, max_attempts, run_at, created_at, boss_id)
SELECT n, $1, $2, $3, $4, $5, 'queued', 0, $6, $8, $7, ${bossIdOf('n')}
FROM (SELECT nextval(pg_get_serial_sequence('jobs', 'id')) AS n) s
RETURNING *`;

/** Deadlock detected, serialization failure: PostgreSQL aborted the transaction and running it again is safe. */
function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Thrown inside a transaction to roll it back when pg-boss no longer counts the attempt as ours. */
class LeaseLost extends Error {}

/**
 * Deliveries and the job queue on PostgreSQL, for any number of replicas. pg-boss runs
 * the queue: one key_strict_fifo queue, singletonKey = package, so a package's jobs run
 * one at a time in order across every replica, with heartbeats, retries with
 * exponential back-off, delayed retries and dead-worker recovery. Our `jobs` table is
 * the record (kind, delivery, state, attempts, last error) that the App, /metrics and
 * migrate-store read; each change to a job's row and to its pg-boss job is made in one
 * transaction, so the two never disagree about a finished job.
 */
export function pgJobs(pool: Pool, boss: PgBoss, o: QueueOptions): JobMethods {
  const now = () => (o.clock ?? Date).now();
  const settings = bossSettings(o);

  /**
   * Enqueuers of a package queue one after another: session advisory locks taken
   * before BEGIN, so each transaction's now() (pg-boss's created_on) comes after the
   * previous one committed, and created order, id order and commit order agree.
   */
  async function withKeyLocks<T>(keys: string[], fn: (c: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await underKeyLocks(keys, fn);
      } catch (e) {
        // Nothing was committed; a webhook must not fail on a lock conflict the database resolved by aborting us.
        if (attempt >= 3 || !isTransient(e)) throw e;
      }
    }
  }

  async function underKeyLocks<T>(keys: string[], fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    let broken: Error | undefined;
    try {
      for (const key of [...new Set(keys)].sort()) await c.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      return await transactionOn(c, fn);
    } finally {
      await c.query('SELECT pg_advisory_unlock_all()').catch((e: Error) => (broken = e));
      c.release(broken);
    }
  }

  async function insertJob(c: PoolClient, job: NewJob, at: number): Promise<Job> {
    const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const runAt = Math.max(at, job.runAt ?? at);
    const { rows } = await c.query<PgJobRow>(INSERT, [job.kind, job.queueKey, job.supersedeKey ?? null, JSON.stringify(job.payload ?? null), job.deliveryId ?? null, maxAttempts, at, runAt]);
    const row = rows[0] as PgJobRow;
    if (job.supersedeKey) {
      // Only the rows: pg-boss hands a superseded job out once more and claim cancels it there. Cancelling it here would take
      // pg-boss's lock on that job while holding its row, the reverse of claim's order (fetch, then the row): a deadlock.
      await c.query(`UPDATE jobs SET state = 'superseded', finished_at = $1 WHERE supersede_key = $2 AND state = 'queued' AND id < $3`, [at, job.supersedeKey, row.id]);
    }
    // One spare retry beyond maxAttempts: a job whose worker died on its last attempt comes back once more, and claim fails it with "lease expired".
    const later = runAt > at ? { startAfter: new Date(runAt) } : {};
    await boss.send(JOB_QUEUE, { jobId: row.id }, { id: row.boss_id as string, singletonKey: job.queueKey, retryLimit: maxAttempts, ...settings, ...later, db: onClient(c) });
    return jobFromRow(row);
  }

  const claimDeps: ClaimDeps = { pool, boss, now };
  let lastRelease = 0;

  /** pg-boss's next job; when none, now and then (not on every idle poll) free a package pg-boss itself failed, and look again. */
  async function claim(worker: string): Promise<Job | undefined> {
    const job = await claimFromBoss(claimDeps, worker);
    if (job || Date.now() - lastRelease < RELEASE_EVERY_MS) return job;
    lastRelease = Date.now();
    return (await releaseFailedKeys(claimDeps)) ? claimFromBoss(claimDeps, worker) : undefined;
  }

  /**
   * Settle an attempt: pg-boss first, then the row, in one transaction. The same lock order
   * as claim (pg-boss's job, then the row), so a worker that lost its lease and finishes late
   * never deadlocks with the worker that took the job over; the row's fence (attempts,
   * running) decides, and a lost race rolls the pg-boss change back.
   */
  async function finish(a: JobAttempt, outcome: JobOutcome): Promise<boolean> {
    try {
      return await inTransaction(pool, async (c) => {
        const { rows } = await c.query<PgJobRow>(`SELECT * FROM jobs WHERE id = $1 AND attempts = $2 AND state = 'running'`, [a.id, a.attempts]);
        const row = rows[0];
        if (!row?.boss_id) return false;
        const fence = { id: row.boss_id, retryCount: row.boss_retry_count ?? 0 };
        const db = onClient(c);
        const at = now();
        const held = `id = $1 AND attempts = $2 AND state = 'running'`;
        let updated;
        if (outcome.state === 'retry') {
          if (affected(await boss.fail(JOB_QUEUE, fence, { message: outcome.error }, { db })) !== 1) throw new LeaseLost();
          if (outcome.delayMs !== undefined) await boss.update(JOB_QUEUE, undefined, { id: row.boss_id, startAfter: new Date(at + outcome.delayMs), db });
          const next = await boss.getJobById(JOB_QUEUE, row.boss_id, { db });
          updated = await c.query(`UPDATE jobs SET state = 'queued', last_error = $3, run_at = $4 WHERE ${held}`, [a.id, a.attempts, outcome.error, next?.startAfter.getTime() ?? at]);
        } else {
          const settled =
            outcome.state === 'done'
              ? await boss.complete(JOB_QUEUE, fence, null, { db })
              : outcome.state === 'superseded'
                ? await boss.cancel(JOB_QUEUE, fence, { db })
                : await boss.deleteJob(JOB_QUEUE, fence, { db }); // failed for good: the row keeps the error, and the package goes on
          if (affected(settled) !== 1) throw new LeaseLost();
          const error = outcome.state === 'failed' ? outcome.error : null;
          updated = await c.query(`UPDATE jobs SET state = $3, last_error = $4, finished_at = $5 WHERE ${held}`, [a.id, a.attempts, outcome.state, error, at]);
        }
        if (updated.rowCount !== 1) throw new LeaseLost();
        return true;
      });
    } catch (e) {
      if (e instanceof LeaseLost) return false;
      throw e;
    }
  }

  return {
    acceptDelivery: async (d, jobs) =>
      withKeyLocks(
        jobs.map((j) => j.queueKey),
        async (c) => {
          const added = await c.query('INSERT INTO deliveries (id, event, received_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [d.id, d.event, d.receivedAt]);
          if (added.rowCount !== 1) return false;
          const at = now();
          for (const job of jobs) await insertJob(c, job, at);
          return true;
        },
      ),
    enqueue: async (job) => withKeyLocks([job.queueKey], async (c) => insertJob(c, job, now())),
    claim,
    reclaim: async (worker) => reclaimOwnJobs(claimDeps, worker),
    heartbeat: async (a) => {
      const { rows } = await pool.query<PgJobRow>(`SELECT boss_id, boss_retry_count FROM jobs WHERE id = $1 AND attempts = $2 AND state = 'running'`, [a.id, a.attempts]);
      const row = rows[0];
      if (!row?.boss_id) return false;
      return affected(await boss.touch(JOB_QUEUE, { id: row.boss_id, retryCount: row.boss_retry_count ?? 0 })) === 1;
    },
    finish,
    isSuperseded: async (id) => {
      const { rows } = await pool.query(
        `SELECT 1 FROM jobs j, jobs me WHERE me.id = $1 AND me.supersede_key IS NOT NULL
           AND j.supersede_key = me.supersede_key AND j.id > me.id LIMIT 1`,
        [id],
      );
      return rows.length > 0;
    },
    getJob: async (id) => {
      const { rows } = await pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
      return rows[0] ? jobFromRow(rows[0]) : undefined;
    },
    listJobs: async (filter = {}) => {
      const { rows } = await pool.query<JobRow>(
        'SELECT * FROM (SELECT * FROM jobs WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR queue_key = $2) ORDER BY id DESC LIMIT $3) newest ORDER BY id',
        [filter.state ?? null, filter.queueKey ?? null, filter.limit ?? null],
      );
      return rows.map(jobFromRow);
    },
    countJobsByState: async () => {
      const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      const { rows } = await pool.query<{ state: JobState; n: number }>('SELECT state, COUNT(*)::int AS n FROM jobs GROUP BY state');
      for (const r of rows) out[r.state] = r.n;
      return out;
    },
    queueDepths: async () =>
      (
        await pool.query<QueueDepth>(
          `SELECT queue_key AS "queueKey", COUNT(*) FILTER (WHERE state = 'queued')::int AS queued, COUNT(*) FILTER (WHERE state = 'running')::int AS running
           FROM jobs WHERE state IN ('queued', 'running') GROUP BY queue_key ORDER BY queue_key`,
        )
      ).rows,
    pruneFinished: async (before) => ({
      jobs: await deleteInBatches(`DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE finished_at < $1 AND state IN ('done', 'superseded', 'failed') LIMIT 5000)`, before),
      deliveries: await deleteInBatches('DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE received_at < $1 LIMIT 5000)', before),
    }),
  };

  /** Small transactions, so pruning a year of history never holds locks the webhooks wait on. */
  async function deleteInBatches(sql: string, before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = (await pool.query(sql, [before])).rowCount ?? 0;
      total += n;
      if (n === 0) return total;
    }
  }
}
