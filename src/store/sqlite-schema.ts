/** SQLite schema of the Store; statements are idempotent so opening an existing file is safe. */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  queue_key TEXT NOT NULL,
  supersede_key TEXT,
  payload TEXT NOT NULL,
  delivery_id TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  last_error TEXT,
  run_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs (queue_key, state, id);
CREATE INDEX IF NOT EXISTS jobs_supersede ON jobs (supersede_key, id);
CREATE TABLE IF NOT EXISTS pr_links (
  source_repo TEXT NOT NULL,
  source_pr INTEGER NOT NULL,
  dist_repo TEXT NOT NULL,
  dist_pr INTEGER NOT NULL,
  dist_branch TEXT NOT NULL,
  head_repo TEXT NOT NULL,
  source_head_sha TEXT NOT NULL,
  dist_head_sha TEXT NOT NULL,
  check_run_id INTEGER,
  PRIMARY KEY (source_repo, source_pr)
);
CREATE UNIQUE INDEX IF NOT EXISTS pr_links_dist ON pr_links (dist_repo, dist_pr);
CREATE TABLE IF NOT EXISTS mirrored_checks (
  origin_key TEXT NOT NULL,
  source_head_sha TEXT NOT NULL,
  dist_repo TEXT NOT NULL,
  source_repo TEXT NOT NULL,
  source_pr INTEGER NOT NULL,
  mirror_check_run_id INTEGER NOT NULL,
  origin_check_run_id INTEGER,
  PRIMARY KEY (origin_key, source_head_sha)
);
CREATE TABLE IF NOT EXISTS package_routes (
  source_repo TEXT NOT NULL,
  source_branch TEXT NOT NULL,
  dist_repo TEXT NOT NULL,
  dist_branch TEXT NOT NULL,
  installation_id INTEGER NOT NULL,
  PRIMARY KEY (dist_repo, dist_branch, source_repo, source_branch)
);
CREATE UNIQUE INDEX IF NOT EXISTS mirrored_checks_mirror ON mirrored_checks (mirror_check_run_id);
`;
