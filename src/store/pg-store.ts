import pg from 'pg';
import type { Store } from './types.js';
import { migratePg } from './pg-migrate.js';
import { pgJobs } from './pg-jobs.js';
import { pgLinks } from './pg-links.js';

export interface PgStoreOptions {
  /** Schema to use (created when missing); default: the connection's search_path (public). */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

const INT8 = 20;
/** BIGINT columns (epoch ms, ids) come back as numbers; they stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Open the PostgreSQL store at `url` (postgres://…), applying missing migrations first. */
export async function openPgStore(url: string, o: PgStoreOptions = {}): Promise<Store> {
  if (o.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(o.schema)) throw new Error(`invalid schema name "${o.schema}"`);
  if (o.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Replicas starting together may race here: "already exists" means another one won.
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${o.schema}`).catch((e: { code?: string }) => {
        if (e.code !== '23505' && e.code !== '42P06') throw e;
      });
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: o.poolSize ?? 10,
    types,
    ...(o.schema ? { options: `-c search_path=${o.schema}` } : {}),
  });
  pool.on('error', () => undefined); // an idle connection dropped by the server; the next query reconnects
  try {
    await migratePg(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return {
    ...pgJobs(pool),
    ...pgLinks(pool),
    close: async () => {
      await pool.end();
    },
  };
}
