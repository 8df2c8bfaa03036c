import type { Pool } from 'pg';
import { PG_MIGRATIONS, type Migration } from './migrations-pg.js';

/** Advisory lock id taken while migrating ("distsync" in ASCII, fits a bigint). */
const MIGRATION_LOCK = 0x64697374_73796e63n;

/**
 * Apply the missing migrations in one transaction under a transaction-level advisory
 * lock, so replicas starting together migrate once: the others wait, then find
 * every version applied. Returns the schema version.
 */
export async function migratePg(pool: Pool, migrations: Migration[] = PG_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK.toString()]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.add(m.version);
    }
    await client.query('COMMIT');
    return Math.max(0, ...done);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
