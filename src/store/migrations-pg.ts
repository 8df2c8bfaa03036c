/**
 * Versioned PostgreSQL schema of the Store. Append a migration, never edit one that
 * shipped: replicas apply the missing ones at start (pg-migrate.ts).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE TABLE jobs (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  queue_key TEXT NOT NULL,
  supersede_key TEXT,
  payload TEXT NOT NULL,
  delivery_id TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  last_error TEXT,
  run_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX jobs_open ON jobs (queue_key, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_supersede ON jobs (supersede_key, id) WHERE supersede_key IS NOT NULL;
CREATE INDEX jobs_state ON jobs (state, id);
-- One row per queue key: enqueuers and claimers of a key lock it, so a key's jobs get ids in commit order and run one at a time.
CREATE TABLE job_queues (
  queue_key TEXT PRIMARY KEY
);
CREATE TABLE pr_links (
  source_repo TEXT NOT NULL,
  source_pr INTEGER NOT NULL,
  dist_repo TEXT NOT NULL,
  dist_pr INTEGER NOT NULL,
  dist_branch TEXT NOT NULL,
  head_repo TEXT NOT NULL,
  source_head_sha TEXT NOT NULL,
  dist_head_sha TEXT NOT NULL,
  check_run_id BIGINT,
  PRIMARY KEY (source_repo, source_pr)
);
CREATE UNIQUE INDEX pr_links_dist ON pr_links (dist_repo, dist_pr);
CREATE INDEX pr_links_branch ON pr_links (dist_repo, dist_branch);
CREATE TABLE mirrored_checks (
  origin_key TEXT NOT NULL,
  source_head_sha TEXT NOT NULL,
  dist_repo TEXT NOT NULL,
  source_repo TEXT NOT NULL,
  source_pr INTEGER NOT NULL,
  mirror_check_run_id BIGINT NOT NULL,
  origin_check_run_id BIGINT,
  PRIMARY KEY (origin_key, source_head_sha)
);
CREATE UNIQUE INDEX mirrored_checks_mirror ON mirrored_checks (mirror_check_run_id);
CREATE TABLE package_routes (
  source_repo TEXT NOT NULL,
  source_branch TEXT NOT NULL,
  dist_repo TEXT NOT NULL,
  dist_branch TEXT NOT NULL,
  installation_id BIGINT NOT NULL,
  PRIMARY KEY (dist_repo, dist_branch, source_repo, source_branch)
);
`,
  },
  {
    version: 2,
    name: 'index queued jobs by supersede key',
    // enqueue supersedes the queued jobs of the same PR; without this it walks every earlier job of that PR
    sql: `CREATE INDEX IF NOT EXISTS jobs_supersede_queued ON jobs (supersede_key, id) WHERE state = 'queued';`,
  },
  {
    version: 3,
    name: 'queue on pg-boss',
    // pg-boss (its own schema) now orders and hands out jobs; a row knows its pg-boss job and the attempt that pg-boss fences with.
    // Unfinished rows keep boss_id NULL until adoptUnsentJobs (run at every start) sends them, in id order.
    sql: `
ALTER TABLE jobs ADD COLUMN boss_id UUID;
ALTER TABLE jobs ADD COLUMN boss_retry_count INTEGER;
CREATE UNIQUE INDEX jobs_boss_id ON jobs (boss_id);
CREATE INDEX jobs_unsent ON jobs (id) WHERE boss_id IS NULL AND state IN ('queued', 'running');
DROP TABLE job_queues;
`,
  },
  {
    version: 4,
    name: 'index finished jobs and deliveries by time (retention)',
    sql: `
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX deliveries_received ON deliveries (received_at);
`,
  },
  {
    version: 5,
    name: 'index PR links by dist-git head (CI results from a forge name only the commit)',
    sql: `CREATE INDEX pr_links_dist_head ON pr_links (dist_head_sha);`,
  },
];
