import type { Pool } from 'pg';
import type { PgBoss } from 'pg-boss';
import { inTransaction } from './pg-tx.js';
import { bossIdOf, bossSettings, JOB_QUEUE, onClient } from './pg-boss-queue.js';
import type { QueueOptions } from './types.js';

/** Advisory lock id taken while adopting ("dsadopt" in ASCII). */
const ADOPT_LOCK = 0x64_7361_646f_7074n;

/**
 * Hand pg-boss the unfinished jobs it does not know yet: rows queued or running from
 * before the queue moved to pg-boss (schema version 2) or copied in by
 * `distsync migrate-store`. In id order, so each package keeps its order; a job that was
 * running counts its attempts, and one with none left fails when next claimed. Once per
 * row: the row learns its pg-boss id in the same transaction.
 */
export async function adoptUnsentJobs(pool: Pool, boss: PgBoss, o: QueueOptions): Promise<number> {
  const settings = bossSettings(o);
  return inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADOPT_LOCK.toString()]);
    const { rows } = await c.query<{ id: number; queue_key: string; attempts: number; max_attempts: number }>(
      `SELECT id, queue_key, attempts, max_attempts FROM jobs WHERE boss_id IS NULL AND state IN ('queued', 'running') ORDER BY id FOR UPDATE`,
    );
    for (const r of rows) {
      const { rows: ids } = await c.query<{ boss_id: string }>(
        `UPDATE jobs SET boss_id = ${bossIdOf('id')} WHERE id = $1 RETURNING boss_id`,
        [r.id],
      );
      const retryLimit = Math.max(1, r.max_attempts - r.attempts);
      await boss.send(JOB_QUEUE, { jobId: r.id }, { id: ids[0]?.boss_id as string, singletonKey: r.queue_key, retryLimit, ...settings, db: onClient(c) });
    }
    return rows.length;
  });
}
