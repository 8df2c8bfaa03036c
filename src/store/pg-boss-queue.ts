import { PgBoss, type Clock, type Db } from 'pg-boss';
import type { PoolClient } from 'pg';
import { QUEUE_DEFAULTS, type QueueOptions, type StoreClock } from './types.js';

/** The one pg-boss queue every distsync job goes through; per package order comes from its singletonKey. */
export const JOB_QUEUE = 'distsync-jobs';

export interface BossOptions extends QueueOptions {
  /** Run pg-boss's supervision (expired heartbeats → retry, retention); a `web` replica leaves it to the workers. */
  supervise?: boolean;
  /** Where pg-boss errors from its background timers go (default: stderr). */
  onError?: (message: string) => void;
}

/** What each job is sent to pg-boss with: leases as heartbeats, retries with exponential back-off. */
export interface BossJobSettings {
  heartbeatSeconds: number;
  retryBackoff: true;
  retryDelay: number;
  retryDelayMax: number;
}

export function bossSettings(o: QueueOptions): BossJobSettings {
  return {
    heartbeatSeconds: Math.max(10, Math.ceil((o.leaseMs ?? QUEUE_DEFAULTS.leaseMs) / 1000)),
    retryBackoff: true,
    retryDelay: Math.max(1, Math.round((o.retryBaseMs ?? QUEUE_DEFAULTS.retryBaseMs) / 1000)),
    retryDelayMax: Math.max(1, Math.round((o.retryMaxMs ?? QUEUE_DEFAULTS.retryMaxMs) / 1000)),
  };
}

/** SQL for the pg-boss job id of our job id in `column`: UUIDs sort bytewise, so pg-boss breaks created_on ties in our id order. */
export function bossIdOf(column: 'id' | 'n'): string {
  return `('00000000-0000-4000-8000-' || lpad(to_hex(${column}), 12, '0'))::uuid`;
}

/** pg-boss statements on our transaction's connection, so a job's row and its pg-boss job change together or not at all. */
export function onClient(c: PoolClient): Db {
  return { executeSql: async (text, values) => c.query(text, values) };
}

/** A clock pg-boss can run its timers on (its TestClock in tests), or undefined for the system clock. */
export function bossClock(clock: StoreClock | undefined): Clock | undefined {
  if (!clock) return undefined;
  const c = clock as Partial<Clock>;
  if (typeof c.setTimeout !== 'function' || typeof c.setInterval !== 'function') {
    throw new Error('the PostgreSQL store needs a pg-boss Clock (now + timers, e.g. pg-boss TestClock in tests), not a bare now()');
  }
  return clock as Clock;
}

/** True when the clock moves pg-boss's job_now() too (TestClock): our own connections must then opt in to it. */
export function overridesDbClock(clock: StoreClock | undefined): boolean {
  return typeof (clock as { attach?: unknown } | undefined)?.attach === 'function';
}

/**
 * Start pg-boss on `schema` (installed or migrated by pg-boss itself, under its own
 * advisory lock, so replicas may start together) and make sure the job queue exists
 * with the key_strict_fifo policy: one job per key active, in retry or failed at a
 * time, the key's jobs in created order, other keys unaffected.
 */
export async function startBoss(url: string, schema: string, o: BossOptions): Promise<PgBoss> {
  const clock = bossClock(o.clock);
  const checkSeconds = Math.max(1, Math.floor(bossSettings(o).heartbeatSeconds / 4));
  const boss = new PgBoss({
    connectionString: url,
    schema,
    max: 3,
    application_name: 'distsync-queue',
    supervise: o.supervise ?? true,
    schedule: false,
    superviseIntervalSeconds: checkSeconds,
    monitorIntervalSeconds: checkSeconds,
    registerInstance: false,
    openTelemetry: { enabled: false },
    ...(clock ? { clock } : {}),
  });
  const onError = o.onError ?? ((m: string) => process.stderr.write(`distsync queue (pg-boss): ${m}\n`));
  boss.on('error', (e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  await boss.start();
  try {
    await boss.createQueue(JOB_QUEUE, {
      policy: 'key_strict_fifo',
      retryBackoff: true,
      // A job can run for hours (a big rebase); its heartbeat, not this, tells a dead worker.
      expireInSeconds: 6 * 3600,
      // Our jobs table keeps the history; pg-boss only needs its finished jobs for a day.
      deleteAfterSeconds: 24 * 3600,
      retentionSeconds: 30 * 24 * 3600,
    });
  } catch (e) {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    throw e;
  }
  return boss;
}

/** Jobs a pg-boss command changed (its CommandResponse carries `affected`; the published type leaves it out). */
export function affected(response: unknown): number {
  const n = (response as { affected?: unknown } | null)?.affected;
  return typeof n === 'number' ? n : 0;
}
