import { join } from 'node:path';
import type { StoreLocation } from '../store/open-store.js';

export interface AppEnv {
  dbFile: string;
  /** DATABASE_URL (postgres://…): the shared PostgreSQL store for several replicas; unset keeps the SQLite file. */
  databaseUrl?: string;
  cacheDir: string;
  /** DISTSYNC_CACHE_MAX_MB: prune least recently used git mirrors past this size; unbounded when unset. */
  cacheMaxBytes?: number;
  /** Local lookaside root propose-downstream uploads tarballs to (DISTSYNC_LOOKASIDE_DIR; a data directory, not a cache). */
  lookasideDir: string;
  botLogin: string;
  gitBaseUrl: string;
  webBaseUrl: string;
  /** DISTSYNC_JOB_LEASE_SECONDS: a job whose worker sent no heartbeat for this long is taken for dead and run again (default 60, at least 10). */
  jobLeaseMs?: number;
  /** DISTSYNC_RETENTION_DAYS: workers delete finished jobs and deliveries older than this (default 30; 0 keeps everything). */
  retentionMs?: number;
  /** DISTSYNC_WORKER_PORT: `distsync worker` serves /healthz and /metrics on this port (127.0.0.1 unless HOST says otherwise); none when unset. */
  workerPort?: number;
  /** HOST: the address the App's HTTP servers bind. */
  host?: string;
}

/** The one place the App reads its environment (process.env unless given). */
export function readAppEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): AppEnv {
  return {
    dbFile: env['DISTSYNC_DB'] ?? join(cwd, 'distsync.sqlite'),
    ...(env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : {}),
    cacheDir: env['DISTSYNC_CACHE_DIR'] ?? join(cwd, '.distsync-cache'),
    ...(env['DISTSYNC_CACHE_MAX_MB'] ? { cacheMaxBytes: Number(env['DISTSYNC_CACHE_MAX_MB']) * 1024 * 1024 } : {}),
    lookasideDir: env['DISTSYNC_LOOKASIDE_DIR'] ?? join(cwd, 'distsync-lookaside'),
    botLogin: env['DISTSYNC_BOT_LOGIN'] ?? 'distsync[bot]',
    gitBaseUrl: env['DISTSYNC_GIT_URL'] ?? 'https://github.com',
    webBaseUrl: env['DISTSYNC_WEB_URL'] ?? 'https://github.com',
    ...(env['DISTSYNC_JOB_LEASE_SECONDS'] ? { jobLeaseMs: whole('DISTSYNC_JOB_LEASE_SECONDS', env['DISTSYNC_JOB_LEASE_SECONDS'], 10, 'a whole number of seconds') * 1000 } : {}),
    ...retention(env['DISTSYNC_RETENTION_DAYS']),
    ...(env['DISTSYNC_WORKER_PORT'] ? { workerPort: whole('DISTSYNC_WORKER_PORT', env['DISTSYNC_WORKER_PORT'], 1, 'a TCP port number', 65535) } : {}),
    ...(env['HOST'] ? { host: env['HOST'] } : {}),
  };
}

/** Where and how a process of `role` opens the App's store: PostgreSQL or the SQLite file, with the queue's lease. */
export function storeLocation(env: AppEnv, role: NonNullable<StoreLocation['role']>): StoreLocation {
  return { sqliteFile: env.dbFile, ...(env.databaseUrl ? { databaseUrl: env.databaseUrl } : {}), queue: env.jobLeaseMs ? { leaseMs: env.jobLeaseMs } : {}, role };
}

function whole(name: string, value: string, min: number, unit: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}=${value}: must be ${unit}, at least ${min}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''} (unset it for the default)`);
  return n;
}

function retention(value: string | undefined): { retentionMs?: number } {
  const days = value === undefined || value === '' ? 30 : whole('DISTSYNC_RETENTION_DAYS', value, 0, 'a whole number of days');
  return days === 0 ? {} : { retentionMs: days * 86_400_000 };
}
