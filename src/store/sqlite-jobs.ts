import type { Database } from 'better-sqlite3';
import type { ClaimOptions, Job, JobOutcome, JobState, NewJob, Store } from './types.js';
import { jobFromRow, type JobRow } from './sqlite-rows.js';

const DEFAULT_MAX_ATTEMPTS = 5;
const STATES: JobState[] = ['queued', 'running', 'done', 'failed', 'superseded'];

type JobMethods = Pick<
  Store,
  'acceptDelivery' | 'enqueue' | 'claim' | 'heartbeat' | 'finish' | 'isSuperseded' | 'getJob' | 'listJobs' | 'countJobsByState'
>;

/** Deliveries and the job queue on SQLite. Claims run in BEGIN IMMEDIATE transactions, so two processes never take one job. */
export function sqliteJobs(db: Database): JobMethods {
  const insert = db.prepare(
    `INSERT INTO jobs (kind, queue_key, supersede_key, payload, delivery_id, state, attempts, max_attempts, run_at, created_at)
     VALUES (@kind, @queueKey, @supersedeKey, @payload, @deliveryId, 'queued', 0, @maxAttempts, @now, @now)`,
  );
  const supersedeQueued = db.prepare(
    `UPDATE jobs SET state = 'superseded', finished_at = ? WHERE supersede_key = ? AND state = 'queued' AND id < ?`,
  );
  const byId = db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const candidates = db.prepare<[number, number], JobRow>(
    `SELECT * FROM jobs j
     WHERE j.state IN ('queued', 'running')
       AND j.id = (SELECT MIN(k.id) FROM jobs k WHERE k.queue_key = j.queue_key AND k.state IN ('queued', 'running'))
       AND ((j.state = 'queued' AND j.run_at <= ?) OR (j.state = 'running' AND j.lease_expires_at <= ?))
     ORDER BY j.run_at, j.id LIMIT 20`,
  );
  const take = db.prepare(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
       started_at = COALESCE(started_at, ?) WHERE id = ?`,
  );
  const giveUp = db.prepare(
    `UPDATE jobs SET state = 'failed', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
       last_error = COALESCE(last_error || '; ', '') || ? WHERE id = ?`,
  );
  const extend = db.prepare(
    `UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?`,
  );
  const close = db.prepare(
    `UPDATE jobs SET state = ?, last_error = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
     WHERE id = ? AND state = 'running' AND lease_owner = ?`,
  );
  const requeue = db.prepare(
    `UPDATE jobs SET state = 'queued', last_error = ?, run_at = ?, lease_owner = NULL, lease_expires_at = NULL
     WHERE id = ? AND state = 'running' AND lease_owner = ?`,
  );
  const newer = db.prepare<[number], { n: number }>(
    `SELECT COUNT(*) AS n FROM jobs j, jobs me WHERE me.id = ? AND me.supersede_key IS NOT NULL
       AND j.supersede_key = me.supersede_key AND j.id > me.id`,
  );
  const list = db.prepare<[{ state: string | null; queueKey: string | null }], JobRow>(
    `SELECT * FROM jobs WHERE (@state IS NULL OR state = @state) AND (@queueKey IS NULL OR queue_key = @queueKey) ORDER BY id`,
  );
  const counts = db.prepare<[], { state: JobState; n: number }>('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state');

  const enqueueTx = db.transaction((job: NewJob, now: number): Job => {
    const info = insert.run({
      kind: job.kind,
      queueKey: job.queueKey,
      supersedeKey: job.supersedeKey ?? null,
      payload: JSON.stringify(job.payload ?? null),
      deliveryId: job.deliveryId ?? null,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      now,
    });
    const id = Number(info.lastInsertRowid);
    if (job.supersedeKey) supersedeQueued.run(now, job.supersedeKey, id);
    return jobFromRow(byId.get(id) as JobRow);
  });

  const addDelivery = db.prepare('INSERT OR IGNORE INTO deliveries (id, event, received_at) VALUES (?, ?, ?)');
  const acceptTx = db.transaction((d: { id: string; event: string; receivedAt: number }, jobs: NewJob[]): boolean => {
    if (addDelivery.run(d.id, d.event, d.receivedAt).changes !== 1) return false;
    for (const job of jobs) enqueueTx(job, d.receivedAt);
    return true;
  });

  const claimTx = db.transaction((o: ClaimOptions): Job | undefined => {
    for (const row of candidates.all(o.now, o.now)) {
      if (row.state === 'running' && row.attempts >= row.max_attempts) {
        giveUp.run(o.now, `lease expired after ${row.attempts} attempt(s)`, row.id);
        continue;
      }
      take.run(o.worker, o.now + o.leaseMs, o.now, row.id);
      return jobFromRow(byId.get(row.id) as JobRow);
    }
    return undefined;
  });

  return {
    acceptDelivery: async (d, jobs) => acceptTx.immediate(d, jobs),
    enqueue: async (job, now) => enqueueTx.immediate(job, now),
    claim: async (o) => {
      // A lease that expired and a job that gave up free the head of a queue: try again once.
      return claimTx.immediate(o) ?? claimTx.immediate(o);
    },
    heartbeat: async (id, worker, now, leaseMs) => extend.run(now + leaseMs, id, worker).changes === 1,
    finish: async (id, worker, outcome: JobOutcome, now) => {
      if (outcome.state === 'retry') return requeue.run(outcome.error, outcome.runAt, id, worker).changes === 1;
      const error = outcome.state === 'failed' ? outcome.error : null;
      return close.run(outcome.state, error, now, id, worker).changes === 1;
    },
    isSuperseded: async (id) => (newer.get(id)?.n ?? 0) > 0,
    getJob: async (id) => {
      const row = byId.get(id);
      return row ? jobFromRow(row) : undefined;
    },
    listJobs: async (filter = {}) => {
      const rows = list.all({ state: filter.state ?? null, queueKey: filter.queueKey ?? null });
      return rows.map(jobFromRow);
    },
    countJobsByState: async () => {
      const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const r of counts.all()) out[r.state] = r.n;
      return out;
    },
  };
}
