import type { Logger } from '../core/log.js';
import type { Store } from '../store/types.js';

export interface PruneOptions {
  /** Finished jobs and deliveries older than this are deleted. */
  retentionMs: number;
  /** How often to look (default hourly). */
  everyMs?: number;
}

/**
 * Keep the store's history bounded: now, then every `everyMs`, delete jobs that finished
 * and deliveries received more than `retentionMs` ago (queued and running jobs stay).
 * A failed prune is logged and tried again next time. Returns the function that stops it
 * (resolving once a prune in flight is over, so the store can be closed after it).
 */
export function startPruning(store: Pick<Store, 'pruneFinished'>, o: PruneOptions, log: Logger, now: () => number): () => Promise<void> {
  let running: Promise<void> | undefined;
  const prune = () => {
    running ??= store
      .pruneFinished(now() - o.retentionMs)
      .then((n) => {
        if (n.jobs || n.deliveries) log.info(`pruned ${n.jobs} finished job(s) and ${n.deliveries} deliveries older than ${Math.round(o.retentionMs / 86_400_000)} day(s)`);
      })
      .catch((e: unknown) => log.warn(`pruning history: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (running = undefined));
  };
  prune();
  const timer = setInterval(prune, o.everyMs ?? 3_600_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
