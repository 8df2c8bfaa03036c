import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { StoreLocation } from '../store/open-store.js';
import { DistsyncError } from '../core/errors.js';
import { baseUrl, badEnv, gheBase, whole } from './env-values.js';
import { appLookasideConfig, type AppLookasideConfig } from './lookaside-config.js';
import { readForgeHostsSetting, type ForgeHostsSetting } from './forge-hosts-file.js';

export interface AppEnv {
  /** DISTSYNC_DATA_DIR: the one directory of the App's state on this machine (created 0700): SQLite file, git cache, local lookaside. */
  dataDir: string;
  dbFile: string;
  /** DATABASE_URL (postgres://…): the shared PostgreSQL store for several replicas; unset keeps the SQLite file. */
  databaseUrl?: string;
  cacheDir: string;
  /** DISTSYNC_CACHE_MAX_MB: prune least recently used git mirrors past this size; unbounded when unset. */
  cacheMaxBytes?: number;
  /** Local lookaside root propose-downstream uploads tarballs to (DISTSYNC_LOOKASIDE_DIR; a data directory, not a cache). */
  lookasideDir: string;
  /** DISTSYNC_LOOKASIDE (+ _UPLOAD, credentials): the operator's store of any kind, used instead of lookasideDir. */
  lookaside?: AppLookasideConfig;
  /** DISTSYNC_BOT_LOGIN; unset: the App reads its slug with GET /app at start. */
  botLogin?: string;
  gitBaseUrl: string;
  webBaseUrl: string;
  /** DISTSYNC_JOB_LEASE_SECONDS: a job whose worker sent no heartbeat for this long is taken for dead and run again (default 60, at least 10). */
  jobLeaseMs?: number;
  /** DISTSYNC_RETENTION_DAYS: workers delete finished jobs and deliveries older than this (default 30; 0 keeps everything). */
  retentionMs?: number;
  /** DISTSYNC_WORKER_PORT: `distsync worker` serves /healthz, /readyz, /metrics and /status on this port (127.0.0.1 unless HOST says otherwise); none when unset. */
  workerPort?: number;
  /** DISTSYNC_READY_MIN_FREE_MB: /readyz fails when the disk of the git cache has less free space than this (default 1024). */
  readyMinFreeBytes: number;
  /** DISTSYNC_STATUS_USER + DISTSYNC_STATUS_PASSWORD: basic auth in front of /status (for private repositories). */
  statusAuth?: { user: string; password: string };
  /** HOST: the address the App's HTTP servers bind. */
  host?: string;
  /** DISTSYNC_FORGES_FILE (read and checked at start) and each host's DISTSYNC_FORGE_<HOST>_TOKEN: dist-git hosts besides GitHub. */
  forgeHosts: ForgeHostsSetting;
  /**
   * DISTSYNC_EVAL_WITH_RPM=1: workers let real rpm evaluate a spec's %(…) / %{lua:…} inside the bubblewrap sandbox
   * (probed at start: a worker refuses to start when it cannot make one). Default off: rpm never runs on a PR's spec.
   */
  evalWithRpm: boolean;
}

/** The one place the App reads its environment (process.env unless given). Throws a DistsyncError ('usage', exit 2) naming a bad value. */
export function readAppEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): AppEnv {
  const set = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const dataDir = dataDirOf(cwd, set('DISTSYNC_DATA_DIR'));
  // Before DISTSYNC_DATA_DIR, state lived in the working directory under these names: keep using them there.
  const legacy = set('DISTSYNC_DATA_DIR') === undefined && existsSync(join(cwd, 'distsync.sqlite'));
  const ghe = gheBase(set('GHE_HOST'), set('GHE_PROTOCOL'));
  const gitUrl = set('DISTSYNC_GIT_URL');
  const webUrl = set('DISTSYNC_WEB_URL');
  return {
    dataDir,
    dbFile: set('DISTSYNC_DB') ?? join(dataDir, 'distsync.sqlite'),
    ...(set('DATABASE_URL') ? { databaseUrl: set('DATABASE_URL') as string } : {}),
    cacheDir: set('DISTSYNC_CACHE_DIR') ?? join(dataDir, legacy ? '.distsync-cache' : 'cache'),
    ...(set('DISTSYNC_CACHE_MAX_MB') ? { cacheMaxBytes: whole('DISTSYNC_CACHE_MAX_MB', set('DISTSYNC_CACHE_MAX_MB') as string, 1, 'a whole number of megabytes') * 1024 * 1024 } : {}),
    lookasideDir: set('DISTSYNC_LOOKASIDE_DIR') ?? join(dataDir, legacy ? 'distsync-lookaside' : 'lookaside'),
    ...(set('DISTSYNC_LOOKASIDE') ? { lookaside: appLookasideConfig(set)! } : {}),
    ...(set('DISTSYNC_BOT_LOGIN') ? { botLogin: set('DISTSYNC_BOT_LOGIN') as string } : {}),
    gitBaseUrl: gitUrl ? baseUrl('DISTSYNC_GIT_URL', gitUrl) : (ghe ?? 'https://github.com'),
    webBaseUrl: webUrl ? baseUrl('DISTSYNC_WEB_URL', webUrl) : (ghe ?? 'https://github.com'),
    ...(set('DISTSYNC_JOB_LEASE_SECONDS') ? { jobLeaseMs: whole('DISTSYNC_JOB_LEASE_SECONDS', set('DISTSYNC_JOB_LEASE_SECONDS') as string, 10, 'a whole number of seconds') * 1000 } : {}),
    ...retention(set('DISTSYNC_RETENTION_DAYS')),
    ...(set('DISTSYNC_WORKER_PORT') ? { workerPort: whole('DISTSYNC_WORKER_PORT', set('DISTSYNC_WORKER_PORT') as string, 1, 'a TCP port number', 65535) } : {}),
    readyMinFreeBytes: whole('DISTSYNC_READY_MIN_FREE_MB', set('DISTSYNC_READY_MIN_FREE_MB') ?? '1024', 0, 'a whole number of megabytes') * 1024 * 1024,
    ...statusAuth(set('DISTSYNC_STATUS_USER'), set('DISTSYNC_STATUS_PASSWORD')),
    ...(set('HOST') ? { host: set('HOST') as string } : {}),
    forgeHosts: readForgeHostsSetting(set),
    evalWithRpm: onOff('DISTSYNC_EVAL_WITH_RPM', set('DISTSYNC_EVAL_WITH_RPM')),
  };
}

function onOff(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw badEnv(name, value, '1 or 0 (true or false)');
}

/** What Probot itself needs to act as the App (it reads these): refused up front, with the fix, instead of Probot's stack trace. */
export function requireAppCredentials(role: 'all' | 'web' | 'worker', env: NodeJS.ProcessEnv = process.env): void {
  const missing = [
    ...(env['APP_ID'] ? [] : ['APP_ID']),
    ...(env['PRIVATE_KEY'] || env['PRIVATE_KEY_PATH'] ? [] : ['PRIVATE_KEY or PRIVATE_KEY_PATH']),
    ...(role !== 'worker' && !env['WEBHOOK_SECRET'] ? ['WEBHOOK_SECRET'] : []),
  ];
  if (missing.length) throw new DistsyncError('usage', `the GitHub App's ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`, { next: "set them from the App's settings page (README, \"Setting it up\")" });
  if (env['APP_ID'] && !/^\d+$/.test(env['APP_ID'])) throw badEnv('APP_ID', env['APP_ID'], "the App's numeric ID (its settings page, \"App ID\")");
}

/** Where and how a process of `role` opens the App's store: PostgreSQL or the SQLite file, with the queue's lease. */
export function storeLocation(env: AppEnv, role: NonNullable<StoreLocation['role']>): StoreLocation {
  return { sqliteFile: env.dbFile, ...(env.databaseUrl ? { databaseUrl: env.databaseUrl } : {}), queue: env.jobLeaseMs ? { leaseMs: env.jobLeaseMs } : {}, role };
}

function dataDirOf(cwd: string, value: string | undefined): string {
  if (value === undefined) return existsSync(join(cwd, 'distsync.sqlite')) ? cwd : join(cwd, 'distsync-data');
  if (!isAbsolute(value)) throw badEnv('DISTSYNC_DATA_DIR', value, 'an absolute path, like /var/lib/distsync');
  return resolve(value);
}

function retention(value: string | undefined): { retentionMs?: number } {
  const days = value === undefined ? 30 : whole('DISTSYNC_RETENTION_DAYS', value, 0, 'a whole number of days');
  return days === 0 ? {} : { retentionMs: days * 86_400_000 };
}

function statusAuth(user: string | undefined, password: string | undefined): Pick<AppEnv, 'statusAuth'> {
  if (user === undefined && password === undefined) return {};
  if (user === undefined || password === undefined) throw badEnv(user === undefined ? 'DISTSYNC_STATUS_USER' : 'DISTSYNC_STATUS_PASSWORD', '', 'set together with the other (basic auth for /status needs both)');
  if (user.includes(':')) throw badEnv('DISTSYNC_STATUS_USER', user, 'a user name without ":"');
  return { statusAuth: { user, password } };
}
