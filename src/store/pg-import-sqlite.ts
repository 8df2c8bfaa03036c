import Database from 'better-sqlite3';
import pg from 'pg';
import { DistsyncError } from '../core/errors.js';
import { openPgStore } from './pg-store.js';
import { transactionOn } from './pg-tx.js';

export interface ImportCounts {
  deliveries: number;
  jobs: number;
  prLinks: number;
  mirroredChecks: number;
  packageRoutes: number;
}

const TABLES: { table: string; key: keyof ImportCounts; columns: string[] }[] = [
  { table: 'deliveries', key: 'deliveries', columns: ['id', 'event', 'received_at'] },
  {
    table: 'jobs',
    key: 'jobs',
    columns: ['id', 'kind', 'queue_key', 'supersede_key', 'payload', 'delivery_id', 'state', 'attempts', 'max_attempts', 'last_error', 'run_at', 'lease_owner', 'lease_expires_at', 'created_at', 'started_at', 'finished_at'],
  },
  {
    table: 'pr_links',
    key: 'prLinks',
    columns: ['source_repo', 'source_pr', 'dist_repo', 'dist_pr', 'dist_branch', 'head_repo', 'source_head_sha', 'dist_head_sha', 'check_run_id'],
  },
  {
    table: 'mirrored_checks',
    key: 'mirroredChecks',
    columns: ['origin_key', 'source_head_sha', 'dist_repo', 'source_repo', 'source_pr', 'mirror_check_run_id', 'origin_check_run_id'],
  },
  { table: 'package_routes', key: 'packageRoutes', columns: ['source_repo', 'source_branch', 'dist_repo', 'dist_branch', 'installation_id'] },
];

/**
 * Copy every row of a SQLite store (the single-process default) into an empty
 * PostgreSQL store, in one transaction: deliveries (so redeliveries stay deduped),
 * jobs with their ids, states, attempts and errors (the unfinished ones are handed to
 * pg-boss in id order when a store next opens the database, so each package keeps its
 * order; a job that was running runs again, as after a crash), PR links, mirrored
 * checks and package routes.
 * Refuses a target that already holds deliveries or jobs.
 */
export async function importSqliteIntoPg(sqliteFile: string, url: string, o: { schema?: string } = {}): Promise<ImportCounts> {
  const src = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    await (await openPgStore(url, o)).close(); // applies the migrations and installs pg-boss
    const client = new pg.Client({ connectionString: url, ...(o.schema ? { options: `-c search_path=${o.schema}` } : {}) });
    await client.connect();
    try {
      return await transactionOn(client, async () => {
        await client.query('LOCK TABLE deliveries, jobs, pr_links, mirrored_checks, package_routes IN EXCLUSIVE MODE');
        const used = await client.query<{ n: number }>('SELECT (SELECT COUNT(*) FROM deliveries) + (SELECT COUNT(*) FROM jobs) AS n');
        if (Number(used.rows[0]?.n ?? 0) > 0) throw new DistsyncError('usage', 'the PostgreSQL store already has deliveries or jobs: nothing was copied', {
            next: 'migrate into an empty database (createdb distsync_new) and point DATABASE_URL at it',
          });
        const counts = { deliveries: 0, jobs: 0, prLinks: 0, mirroredChecks: 0, packageRoutes: 0 };
        for (const t of TABLES) {
          const rows = src.prepare(`SELECT ${t.columns.join(', ')} FROM ${t.table} ORDER BY rowid`).raw().all() as unknown[][];
          for (let i = 0; i < rows.length; i += 500) {
            const chunk = rows.slice(i, i + 500);
            const values = chunk.map((_, r) => `(${t.columns.map((__, c) => `$${r * t.columns.length + c + 1}`).join(', ')})`).join(', ');
            await client.query(`INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES ${values}`, chunk.flat());
          }
          counts[t.key] = rows.length;
        }
        await client.query(`SELECT setval(pg_get_serial_sequence('jobs', 'id'), GREATEST((SELECT MAX(id) FROM jobs), 1))`);
        return counts;
      });
    } finally {
      await client.end();
    }
  } finally {
    src.close();
  }
}
