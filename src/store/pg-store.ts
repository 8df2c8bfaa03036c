import pg from 'pg';
import type { Store } from './types.js';
import { migratePg } from './pg-migrate.js';
import { pgJobs } from './pg-jobs.js';
import { pgLinks } from './pg-links.js';
import { overridesDbClock, startBoss, type BossOptions } from './pg-boss-queue.js';
import { adoptUnsentJobs } from './pg-adopt-jobs.js';

export interface PgStoreOptions extends BossOptions {
  /** Schema to use (created when missing); default: the connection's search_path (public). pg-boss lives beside it in `<schema>_boss` (default `distsync_boss`). */
  schema?: string;
  /** Connections in the pool (default 10); pg-boss keeps up to 3 more of its own. */
  poolSize?: number;
}

const INT8 = 20;
/** BIGINT columns (epoch ms, ids) come back as numbers; they stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Open the PostgreSQL store at `url` (postgres://…): apply missing migrations, start pg-boss, hand it any job it has not got yet. */
export async function openPgStore(url: string, o: PgStoreOptions = {}): Promise<Store> {
  if (o.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(o.schema)) throw new Error(`invalid schema name "${o.schema}"`);
  if (o.schema) await createSchema(url, o.schema);
  const sessionOptions = [...(o.schema ? [`-c search_path=${o.schema}`] : []), ...(overridesDbClock(o.clock) ? ['-c pgboss.test_clock=on'] : [])];
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize ?? 10, types, ...(sessionOptions.length ? { options: sessionOptions.join(' ') } : {}) });
  pool.on('error', () => undefined); // an idle connection dropped by the server; the next query reconnects
  let boss: Awaited<ReturnType<typeof startBoss>> | undefined;
  try {
    await migratePg(pool);
    boss = await startBoss(url, o.schema ? `${o.schema}_boss` : 'distsync_boss', o);
    await adoptUnsentJobs(pool, boss, o);
  } catch (e) {
    await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
    await pool.end();
    throw e;
  }
  const started = boss;
  return {
    ...pgJobs(pool, started, o),
    ...pgLinks(pool),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      await started.stop({ graceful: false, close: true, timeout: 5_000 });
      await pool.end();
    },
  };
}

async function createSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // Replicas starting together may race here: "already exists" means another one won.
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((e: { code?: string }) => {
      if (e.code !== '23505' && e.code !== '42P06') throw e;
    });
  } finally {
    await admin.end();
  }
}
