import type { QueueOptions, Store } from './types.js';
import { openSqliteStore } from './sqlite-store.js';
import { openPgStore } from './pg-store.js';

export interface StoreLocation {
  /** postgres://… or postgresql://… selects PostgreSQL; unset keeps SQLite. */
  databaseUrl?: string;
  /** The SQLite file used when databaseUrl is unset. */
  sqliteFile: string;
  queue?: QueueOptions;
  /** The process's role: a `web` replica only enqueues, so it leaves pg-boss's supervision to the workers. */
  role?: 'all' | 'web' | 'worker';
}

export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** The App's store: PostgreSQL when DATABASE_URL names one (several replicas, queue on pg-boss), else the SQLite file (one process). */
export async function openStore(loc: StoreLocation): Promise<Store> {
  if (loc.databaseUrl !== undefined && loc.databaseUrl !== '') {
    if (!isPostgresUrl(loc.databaseUrl)) throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${loc.databaseUrl.split(':')[0] ?? ''}:…")`);
    return openPgStore(loc.databaseUrl, { ...loc.queue, supervise: loc.role !== 'web' });
  }
  return openSqliteStore(loc.sqliteFile, loc.queue);
}
