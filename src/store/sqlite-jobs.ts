import type { Database } from 'better-sqlite3';
import { JOB_STATES, QUEUE_DEFAULTS, type Job, type JobAttempt, type JobMethods, type JobOutcome, type JobState, type NewJob, type QueueDepth, type QueueOptions } from './types.js';
import { jobFromRow, type JobRow } from './sqlite-rows.js';
import { backoffMs } from './backoff.js';

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Deliveries and the job queue on SQLite: the single-process default (a few packages,
 * no server to run). Claims run in BEGIN IMMEDIATE transactions, so two processes on
 * one file never take one job; a lease per claimed job, extended by heartbeats.
 */
export function sqliteJobs(db: Database, o: QueueOptions = {}): JobMethods {
  const now = () => (o.clock ?? Date).now();
  const leaseMs = o.leaseMs ?? QUEUE_DEFAULTS.leaseMs;
  const insert = db.prepare(
    `INSERT INTO jobs (kind, queue_key, supersede_key, payload, delivery_id, state, attempts, max_attempts, run_at, created_at)
     VALUES (@kind, @queueKey, @supersedeKey, @payload, @deliveryId, 'queued', 0, @maxAttempts, @runAt, @now)`,
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
    `UPDATE jobs SET state = 'failed', finished_at = ?, lease_expires_at = NULL,
       last_error = COALESCE(last_error || '; ', '') || ? WHERE id = ?`,
  );
  const expireOwn = db.prepare(`UPDATE jobs SET lease_expires_at = ? WHERE state = 'running' AND lease_owner = ?`);
  const held = `id = @id AND attempts = @attempts AND state = 'running'`;
  const extend = db.prepare(`UPDATE jobs SET lease_expires_at = @until WHERE ${held}`);
  const close = db.prepare(
    `UPDATE jobs SET state = @state, last_error = @error, finished_at = @now, lease_expires_at = NULL WHERE ${held}`,
  );
  const requeue = db.prepare(`UPDATE jobs SET state = 'queued', last_error = @error, run_at = @runAt, lease_expires_at = NULL WHERE ${held}`);
  const newer = db.prepare<[number], { n: number }>(
    `SELECT COUNT(*) AS n FROM jobs j, jobs me WHERE me.id = ? AND me.supersede_key IS NOT NULL
       AND j.supersede_key = me.supersede_key AND j.id > me.id`,
  );
  const list = db.prepare<[{ state: string | null; queueKey: string | null; limit: number }], JobRow>(
    `SELECT * FROM (SELECT * FROM jobs WHERE (@state IS NULL OR state = @state) AND (@queueKey IS NULL OR queue_key = @queueKey) ORDER BY id DESC LIMIT @limit) ORDER BY id`,
  );
  const counts = db.prepare<[], { state: JobState; n: number }>('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state');
  const depths = db.prepare<[], QueueDepth>(
    `SELECT queue_key AS queueKey, SUM(state = 'queued') AS queued, SUM(state = 'running') AS running FROM jobs WHERE state IN ('queued', 'running') GROUP BY queue_key ORDER BY queue_key`,
  );
  const pruneJobs = db.prepare(`DELETE FROM jobs WHERE finished_at < ? AND state IN ('done', 'superseded', 'failed')`);
  const pruneDeliveries = db.prepare('DELETE FROM deliveries WHERE received_at < ?');
  const pruneTx = db.transaction((before: number) => ({ jobs: pruneJobs.run(before).changes, deliveries: pruneDeliveries.run(before).changes }));

  const enqueueTx = db.transaction((job: NewJob): Job => {
    const at = now();
    const info = insert.run({
      kind: job.kind,
      queueKey: job.queueKey,
      supersedeKey: job.supersedeKey ?? null,
      payload: JSON.stringify(job.payload ?? null),
      deliveryId: job.deliveryId ?? null,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      runAt: Math.max(at, job.runAt ?? at),
      now: at,
    });
    const id = Number(info.lastInsertRowid);
    if (job.supersedeKey) supersedeQueued.run(at, job.supersedeKey, id);
    return jobFromRow(byId.get(id) as JobRow);
  });

  const addDelivery = db.prepare('INSERT OR IGNORE INTO deliveries (id, event, received_at) VALUES (?, ?, ?)');
  const acceptTx = db.transaction((d: { id: string; event: string; receivedAt: number }, jobs: NewJob[]): boolean => {
    if (addDelivery.run(d.id, d.event, d.receivedAt).changes !== 1) return false;
    for (const job of jobs) enqueueTx(job);
    return true;
  });

  const claimTx = db.transaction((worker: string): Job | undefined => {
    const at = now();
    for (const row of candidates.all(at, at)) {
      if (row.state === 'running' && row.attempts >= row.max_attempts) {
        giveUp.run(at, `lease expired after ${row.attempts} attempt(s)`, row.id);
        continue;
      }
      take.run(worker, at + leaseMs, at, row.id);
      return jobFromRow(byId.get(row.id) as JobRow);
    }
    return undefined;
  });

  const finishTx = (a: JobAttempt, outcome: JobOutcome): boolean => {
    const at = now();
    const key = { id: a.id, attempts: a.attempts };
    if (outcome.state === 'retry') {
      const delay = outcome.delayMs ?? backoffMs(a.attempts, o.retryBaseMs ?? QUEUE_DEFAULTS.retryBaseMs, o.retryMaxMs ?? QUEUE_DEFAULTS.retryMaxMs);
      return requeue.run({ ...key, error: outcome.error, runAt: at + delay }).changes === 1;
    }
    const error = outcome.state === 'failed' ? outcome.error : null;
    return close.run({ ...key, state: outcome.state, error, now: at }).changes === 1;
  };

  return {
    acceptDelivery: async (d, jobs) => acceptTx.immediate(d, jobs),
    enqueue: async (job) => enqueueTx.immediate(job),
    // A lease that expired and a job that gave up free the head of a queue: try again once.
    claim: async (worker) => claimTx.immediate(worker) ?? claimTx.immediate(worker),
    reclaim: async (worker) => expireOwn.run(now(), worker).changes,
    heartbeat: async (a) => extend.run({ id: a.id, attempts: a.attempts, until: now() + leaseMs }).changes === 1,
    finish: async (a, outcome) => finishTx(a, outcome),
    isSuperseded: async (id) => (newer.get(id)?.n ?? 0) > 0,
    getJob: async (id) => {
      const row = byId.get(id);
      return row ? jobFromRow(row) : undefined;
    },
    listJobs: async (filter = {}) => list.all({ state: filter.state ?? null, queueKey: filter.queueKey ?? null, limit: filter.limit ?? -1 }).map(jobFromRow),
    countJobsByState: async () => {
      const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const r of counts.all()) out[r.state] = r.n;
      return out;
    },
    queueDepths: async () => depths.all(),
    pruneFinished: async (before) => pruneTx.immediate(before),
  };
}
