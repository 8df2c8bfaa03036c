/**
 * A worker process for the scale test: the real queue worker (src/jobs/worker.ts) on the
 * real PostgreSQL store, with a `sync-pr` handler whose effect is a row: the dist-git PR
 * of a source-git PR (created once, its head moved to the synced head), like the App's
 * "find the PR by branch before opening one". Every run is logged with whether another
 * job of its package was running at the time (which must never happen).
 * Usage: node --import tsx test/scale/scale-worker.ts <database-url>
 */
import pg from 'pg';
import { openPgStore } from '../../src/store/pg-store.js';
import { createWorker } from '../../src/jobs/worker.js';

const url = process.argv[2];
if (!url) throw new Error('usage: scale-worker <database-url>');
// The same lease as the web replicas' DISTSYNC_JOB_LEASE_SECONDS (pg-boss's shortest heartbeat).
const store = await openPgStore(url, { poolSize: 4, leaseMs: 10_000 });
const db = new pg.Pool({ connectionString: url, max: 3 });
const log = { info: () => undefined, warn: (m: string) => process.stderr.write(`[worker ${process.pid}] ${m}\n`), debug: () => undefined };

interface SyncPr {
  sourceRepo: string;
  pr: number;
  headSha: string;
}

const worker = createWorker({
  store,
  log,
  workerId: `scale-${process.pid}`,
  heartbeatMs: 2_000,
  pollMs: 20,
  concurrency: 2,
  handlers: {
    'sync-pr': async (job, ctx) => {
      const p = job.payload as SyncPr;
      const others = await db.query(`SELECT 1 FROM jobs WHERE queue_key = $1 AND state = 'running' AND id <> $2`, [job.queueKey, job.id]);
      await db.query('INSERT INTO scale_runs (job_id, queue_key, pid, attempt, overlap) VALUES ($1, $2, $3, $4, $5)', [
        job.id,
        job.queueKey,
        process.pid,
        job.attempts,
        (others.rowCount ?? 0) > 0,
      ]);
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 15)));
      await ctx.assertCurrent();
      await db.query(
        `INSERT INTO scale_dist_prs (source_repo, source_pr, head_sha) VALUES ($1, $2, $3)
         ON CONFLICT (source_repo, source_pr) DO UPDATE SET head_sha = EXCLUDED.head_sha`,
        [p.sourceRepo, p.pr, p.headSha],
      );
      await db.query('INSERT INTO scale_effects (job_id) VALUES ($1) ON CONFLICT DO NOTHING', [job.id]);
    },
  },
});
worker.start();
process.stderr.write(`[worker ${process.pid}] ready\n`);
