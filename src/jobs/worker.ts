import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/log.js';
import type { Store } from '../store/types.js';
import { runJob } from './run-job.js';
import type { JobHandlers, JobObserver } from './types.js';
import { startPruning, type PruneOptions } from './prune-history.js';

export interface WorkerDeps {
  store: Store;
  handlers: JobHandlers;
  log: Logger;
  now?: () => number;
  /** Stable across restarts (see worker-identity.ts) to take back this worker's running jobs at start; default: a random one. */
  workerId?: string;
  /** How often a running job's lease is extended; keep it well under the store's lease (default 15 s, a quarter of the default lease). */
  heartbeatMs?: number;
  /** Jobs run at once (each on a different queue key). */
  concurrency?: number;
  pollMs?: number;
  observe?: JobObserver;
  /** While started, delete finished jobs and old deliveries past this retention (none when unset). */
  prune?: PruneOptions;
}

export interface Worker {
  /** Claim and run one job; false when none was due. */
  runOnce(): Promise<boolean>;
  /** Run jobs until none is due (tests, CLI). */
  drain(): Promise<void>;
  /** Poll in the background until stop(). */
  start(): void;
  stop(): Promise<void>;
}

/** A queue worker: claims jobs from the Store (atomically, with a lease kept by heartbeats), runs them, records the outcome. */
export function createWorker(deps: WorkerDeps): Worker {
  const now = deps.now ?? Date.now;
  const d = {
    store: deps.store,
    handlers: deps.handlers,
    log: deps.log,
    now,
    heartbeatMs: deps.heartbeatMs ?? 15_000,
  };
  const workerId = deps.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  let running = false;
  let stopPruning: (() => Promise<void>) | undefined;
  const loops: Promise<void>[] = [];

  async function runOnce(): Promise<boolean> {
    const job = await d.store.claim(workerId);
    if (!job) return false;
    const started = now();
    d.log.info(`job ${job.id} (${job.kind}, ${job.queueKey}) attempt ${job.attempts}/${job.maxAttempts}`);
    const outcome = await runJob(d, job);
    if ('error' in outcome) d.log.warn(`job ${job.id} ${outcome.state}: ${outcome.error}`);
    const held = await d.store.finish({ id: job.id, attempts: job.attempts }, outcome);
    if (!held) d.log.warn(`job ${job.id}: lease lost before finishing; another worker owns it now`);
    deps.observe?.(job, outcome.state, now() - started);
    return true;
  }

  /** Jobs this worker identity was running when its process died come back at once (a random id has none). */
  async function reclaim(): Promise<void> {
    const n = await d.store.reclaim(workerId).catch((e: unknown) => {
      d.log.warn(`worker ${workerId}: could not take back its jobs from before a restart: ${String(e)}`);
      return 0;
    });
    if (n > 0) d.log.info(`worker ${workerId}: ${n} job(s) it was running before a restart run again now`);
  }

  async function loop(ready: Promise<void>): Promise<void> {
    await ready;
    while (running) {
      const did = await runOnce().catch((e: unknown) => {
        d.log.warn(`worker: ${String(e)}`);
        return false;
      });
      if (!did) await new Promise((r) => setTimeout(r, deps.pollMs ?? 1000));
    }
  }

  return {
    runOnce,
    drain: async () => {
      while (await runOnce());
    },
    start: () => {
      if (running) return;
      running = true;
      if (deps.prune) stopPruning = startPruning(d.store, deps.prune, d.log, now);
      const ready = reclaim();
      for (let i = 0; i < (deps.concurrency ?? 2); i++) loops.push(loop(ready));
    },
    stop: async () => {
      running = false;
      await Promise.all([...loops.splice(0), stopPruning?.()]);
    },
  };
}
