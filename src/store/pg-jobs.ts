import type { Pool, PoolClient } from 'pg';
import type { ClaimOptions, Job, JobOutcome, JobState, NewJob, Store } from './types.js';
import { jobFromRow, type JobRow } from './sqlite-rows.js';
import { inTransaction } from './pg-tx.js';

const DEFAULT_MAX_ATTEMPTS = 5;
const STATES: JobState[] = ['queued', 'running', 'done', 'failed', 'superseded'];

type JobMethods = Pick<
  Store,
  'acceptDelivery' | 'enqueue' | 'claim' | 'heartbeat' | 'finish' | 'isSuperseded' | 'getJob' | 'listJobs' | 'countJobsByState'
>;

/**
 * One statement: the head (oldest unfinished job) of each queue key, those that are due (queued and run_at passed, or
 * running with an expired lease), the first whose key row we can lock without waiting,
 * and the claim of that job. Holding the key's lock (enqueuers of the key hold it while
 * they insert), no job of the key can appear with a lower id, and a head that another
 * worker claimed or finished meanwhile fails the re-checked WHERE, so one job per key runs,
 * in id order.
 */
const CLAIM = `
WITH cand AS MATERIALIZED (
  SELECT j.id, j.queue_key, j.run_at FROM job_queues q
  CROSS JOIN LATERAL (
    SELECT k.id FROM jobs k WHERE k.queue_key = q.queue_key AND k.state IN ('queued', 'running') ORDER BY k.id LIMIT 1
  ) head
  JOIN jobs j ON j.id = head.id
  WHERE (j.state = 'queued' AND j.run_at <= $1) OR (j.state = 'running' AND j.lease_expires_at <= $1 AND j.attempts < j.max_attempts)
  ORDER BY j.run_at, j.id LIMIT 20
), mine AS MATERIALIZED (
  SELECT c.id FROM cand c JOIN job_queues q ON q.queue_key = c.queue_key
  ORDER BY c.run_at, c.id LIMIT 1 FOR UPDATE OF q SKIP LOCKED
)
, taken AS (
  UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = $2, lease_expires_at = $1 + $3::bigint,
    started_at = COALESCE(j.started_at, $1)
  FROM mine
  WHERE j.id = mine.id
    AND ((j.state = 'queued' AND j.run_at <= $1) OR (j.state = 'running' AND j.lease_expires_at <= $1 AND j.attempts < j.max_attempts))
  RETURNING j.*
)
SELECT (SELECT COUNT(*)::int FROM cand) AS candidates, taken.* FROM (SELECT 1) one LEFT JOIN taken ON true`;

/** Jobs whose worker died on their last attempt fail (and free their key) instead of running again. */
const GIVE_UP = `
UPDATE jobs SET state = 'failed', finished_at = $1, lease_owner = NULL, lease_expires_at = NULL,
  last_error = COALESCE(last_error || '; ', '') || 'lease expired after ' || attempts || ' attempt(s)'
WHERE state = 'running' AND lease_expires_at <= $1 AND attempts >= max_attempts`;

/**
 * Deliveries and the job queue on PostgreSQL, for any number of replicas. Every
 * enqueue and claim of a queue key locks that key's row in job_queues (claimers with
 * SKIP LOCKED, so they never wait), which keeps one job per key running, in id order,
 * even when ids are handed out by concurrent transactions.
 */
export function pgJobs(pool: Pool): JobMethods {
  async function lockKeys(c: PoolClient, keys: string[]): Promise<void> {
    for (const key of [...new Set(keys)].sort()) {
      await c.query('INSERT INTO job_queues (queue_key) VALUES ($1) ON CONFLICT (queue_key) DO UPDATE SET queue_key = EXCLUDED.queue_key', [key]);
    }
  }

  async function insertJob(c: PoolClient, job: NewJob, now: number): Promise<Job> {
    const { rows } = await c.query<JobRow>(
      `INSERT INTO jobs (kind, queue_key, supersede_key, payload, delivery_id, state, attempts, max_attempts, run_at, created_at)
       VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, $7) RETURNING *`,
      [job.kind, job.queueKey, job.supersedeKey ?? null, JSON.stringify(job.payload ?? null), job.deliveryId ?? null, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, now],
    );
    const row = rows[0] as JobRow;
    if (job.supersedeKey) {
      await c.query(`UPDATE jobs SET state = 'superseded', finished_at = $1 WHERE supersede_key = $2 AND state = 'queued' AND id < $3`, [
        now,
        job.supersedeKey,
        row.id,
      ]);
    }
    return jobFromRow(row);
  }

  async function claim(o: ClaimOptions): Promise<Job | undefined> {
    await pool.query({ name: 'distsync-give-up', text: GIVE_UP, values: [o.now] });
    // A head claimed by another worker since this statement's snapshot yields nothing: look again, a few times.
    for (let i = 0; i < 3; i++) {
      // Named: each connection plans the statement once.
      const { rows } = await pool.query<JobRow & { candidates: number }>({ name: 'distsync-claim', text: CLAIM, values: [o.now, o.worker, o.leaseMs] });
      const row = rows[0];
      if (row && row.id !== null) return jobFromRow(row);
      if (!row?.candidates) return undefined;
    }
    return undefined;
  }

  return {
    acceptDelivery: async (d, jobs) =>
      inTransaction(pool, async (c) => {
        const added = await c.query('INSERT INTO deliveries (id, event, received_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
          d.id,
          d.event,
          d.receivedAt,
        ]);
        if (added.rowCount !== 1) return false;
        await lockKeys(c, jobs.map((j) => j.queueKey));
        for (const job of jobs) await insertJob(c, job, d.receivedAt);
        return true;
      }),
    enqueue: async (job, now) =>
      inTransaction(pool, async (c) => {
        await lockKeys(c, [job.queueKey]);
        return insertJob(c, job, now);
      }),
    claim,
    heartbeat: async (id, worker, now, leaseMs) =>
      (await pool.query(`UPDATE jobs SET lease_expires_at = $1 WHERE id = $2 AND state = 'running' AND lease_owner = $3`, [now + leaseMs, id, worker]))
        .rowCount === 1,
    finish: async (id, worker, outcome: JobOutcome, now) => {
      if (outcome.state === 'retry') {
        const r = await pool.query(
          `UPDATE jobs SET state = 'queued', last_error = $1, run_at = $2, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = $3 AND state = 'running' AND lease_owner = $4`,
          [outcome.error, outcome.runAt, id, worker],
        );
        return r.rowCount === 1;
      }
      const error = outcome.state === 'failed' ? outcome.error : null;
      const r = await pool.query(
        `UPDATE jobs SET state = $1, last_error = $2, finished_at = $3, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = $4 AND state = 'running' AND lease_owner = $5`,
        [outcome.state, error, now, id, worker],
      );
      return r.rowCount === 1;
    },
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
        'SELECT * FROM jobs WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR queue_key = $2) ORDER BY id',
        [filter.state ?? null, filter.queueKey ?? null],
      );
      return rows.map(jobFromRow);
    },
    countJobsByState: async () => {
      const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>;
      const { rows } = await pool.query<{ state: JobState; n: number }>('SELECT state, COUNT(*)::int AS n FROM jobs GROUP BY state');
      for (const r of rows) out[r.state] = r.n;
      return out;
    },
  };
}
