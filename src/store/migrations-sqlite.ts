import type { Database } from 'better-sqlite3';
import { SQLITE_SCHEMA } from './sqlite-schema.js';
import type { Migration } from './migrations-pg.js';

/**
 * Versioned SQLite schema, tracked in PRAGMA user_version. Version 1 is the schema
 * files had before versioning (its statements are idempotent, so such a file is
 * adopted as version 1). Append, never edit.
 */
export const SQLITE_MIGRATIONS: Migration[] = [
  { version: 1, name: 'initial schema', sql: SQLITE_SCHEMA },
  {
    version: 2,
    name: 'index queued jobs by supersede key',
    // enqueue supersedes the queued jobs of the same PR; without this it walks every earlier job of that PR
    sql: `CREATE INDEX IF NOT EXISTS jobs_supersede_queued ON jobs (supersede_key, id) WHERE state = 'queued';`,
  },
  {
    version: 3,
    name: 'index finished jobs and deliveries by time (retention)',
    sql: `CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);`,
  },
  {
    version: 4,
    name: 'index PR links by dist-git head (CI results from a forge name only the commit)',
    sql: `CREATE INDEX IF NOT EXISTS pr_links_dist_head ON pr_links (dist_head_sha);`,
  },
];

/** Apply missing migrations in one IMMEDIATE transaction (other processes opening the file wait on the write lock). */
export function migrateSqlite(db: Database, migrations: Migration[] = SQLITE_MIGRATIONS): number {
  const apply = db.transaction(() => {
    const current = Number(db.pragma('user_version', { simple: true }));
    let version = current;
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      version = m.version;
    }
    if (version !== current) db.pragma(`user_version = ${version}`);
    return version;
  });
  return apply.immediate();
}
