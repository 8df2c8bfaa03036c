import type { Pool } from 'pg';
import type { PgBoss } from 'pg-boss';
import type { Job } from './types.js';
import { jobFromRow, type JobRow } from './sqlite-rows.js';
import { inTransaction } from './pg-tx.js';
import { JOB_QUEUE, onClient } from './pg-boss-queue.js';

export interface ClaimDeps {
  pool: Pool;
  boss: PgBoss;
  now: () => number;
}

type Step = { job: Job } | 'none' | 'again';

const TAKE = `
UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $2, started_at = COALESCE(started_at, $3), boss_retry_count = $4
WHERE id = $1 RETURNING *`;

const GIVE_UP = `
UPDATE jobs SET state = 'failed', finished_at = $2, last_error = COALESCE(last_error || '; ', '') || $3 WHERE id = $1`;

/**
 * Take the next job pg-boss hands out (its fetch: the head of a package whose queue is
 * not held by an active or retrying job, oldest first, FOR UPDATE SKIP LOCKED) and mark
 * its row running, in one transaction. A job that comes back after its worker died on
 * the last attempt fails here ("lease expired") and leaves pg-boss, which frees its
 * package; the next job is tried.
 */
export async function claimFromBoss(d: ClaimDeps, worker: string): Promise<Job | undefined> {
  // Superseded jobs at the head of their package are cancelled on the way; a busy package may have a few.
  for (let i = 0; i < 50; i++) {
    const step = await inTransaction(d.pool, async (c): Promise<Step> => {
      const db = onClient(c);
      const [bj] = await d.boss.fetch<{ jobId?: unknown }>(JOB_QUEUE, { batchSize: 1, db });
      if (!bj) return 'none';
      const fence = { id: bj.id, retryCount: bj.retryCount };
      const { rows } = await c.query<JobRow>('SELECT * FROM jobs WHERE id = $1 FOR UPDATE', [Number(bj.data?.jobId)]);
      const row = rows[0];
      if (row?.state === 'superseded') {
        // A newer sync of the same PR was enqueued after it: it ends here, in pg-boss too.
        await d.boss.cancel(JOB_QUEUE, fence, { db });
        return 'again';
      }
      if (!row || (row.state !== 'queued' && row.state !== 'running')) {
        // No live record for it (not something this store sends): drop it so it holds no package.
        await d.boss.deleteJob(JOB_QUEUE, fence, { db });
        return 'again';
      }
      if (row.state === 'running' && row.attempts >= row.max_attempts) {
        await c.query(GIVE_UP, [row.id, d.now(), `lease expired after ${row.attempts} attempt(s)`]);
        await d.boss.deleteJob(JOB_QUEUE, fence, { db });
        return 'again';
      }
      const taken = await c.query<JobRow>(TAKE, [row.id, worker, d.now(), bj.retryCount]);
      return { job: jobFromRow(taken.rows[0] as JobRow) };
    });
    if (step === 'none') return undefined;
    if (step !== 'again') return step.job;
  }
  return undefined;
}

/**
 * key_strict_fifo holds a package behind a job pg-boss marked failed. distsync never lets
 * it get there (retries stop one short of pg-boss's limit), but if one does — a job past
 * its expireInSeconds on every try — its row takes the failure and the job leaves
 * pg-boss, so the package goes on. True when a package was freed.
 */
export async function releaseFailedKeys(d: ClaimDeps): Promise<boolean> {
  const keys = await d.boss.getBlockedKeys(JOB_QUEUE, { limit: 50 });
  let freed = false;
  for (const key of keys) {
    const failed = (await d.boss.findJobs<{ jobId?: unknown }>(JOB_QUEUE, { key, limit: 100 })).filter((j) => j.state === 'failed');
    for (const bj of failed) {
      await inTransaction(d.pool, async (c) => {
        const message = (bj.output as { message?: unknown; value?: { message?: unknown } } | null)?.message ?? (bj.output as { value?: { message?: unknown } } | null)?.value?.message;
        await d.boss.deleteJob(JOB_QUEUE, bj.id, { db: onClient(c) });
        await c.query(`${GIVE_UP} AND state IN ('queued', 'running')`, [Number(bj.data?.jobId), d.now(), `pg-boss failed the job: ${String(message ?? 'no reason given')}`]);
      });
      freed = true;
    }
  }
  return freed;
}

/**
 * A restarted worker's running jobs (its identity is stable, see worker-identity): each
 * attempt is failed in pg-boss at once, as pg-boss's supervisor would after the heartbeat
 * lease, and its retry made due now, so the package does not wait out the lease.
 * The row stays running; the next claim takes it (or gives up on a last attempt).
 */
export async function reclaimOwnJobs(d: ClaimDeps, worker: string): Promise<number> {
  const { rows } = await d.pool.query<{ id: number; boss_id: string | null; boss_retry_count: number | null }>(
    `SELECT id, boss_id, boss_retry_count FROM jobs WHERE state = 'running' AND lease_owner = $1 ORDER BY id`,
    [worker],
  );
  let n = 0;
  for (const row of rows) {
    if (!row.boss_id) continue;
    const bossId = row.boss_id;
    await inTransaction(d.pool, async (c) => {
      const db = onClient(c);
      await d.boss.fail(JOB_QUEUE, { id: bossId, retryCount: row.boss_retry_count ?? 0 }, { message: `worker ${worker} restarted` }, { db });
      const bj = await d.boss.getJobById(JOB_QUEUE, bossId, { db });
      if (bj?.state !== 'retry') return;
      await d.boss.update(JOB_QUEUE, undefined, { id: bossId, startAfter: new Date(d.now()), db });
      n++;
    });
  }
  return n;
}
