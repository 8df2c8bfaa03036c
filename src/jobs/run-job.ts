import type { Logger } from '../core/log.js';
import type { Job, JobOutcome, Store } from '../store/types.js';
import { isRetryable, retryDelayMs } from './retryable.js';
import { JobSupersededError, type JobHandlers } from './types.js';

export interface RunJobDeps {
  store: Store;
  handlers: JobHandlers;
  log: Logger;
  now: () => number;
  heartbeatMs: number;
}

/** Run one claimed job under a heartbeat and decide its outcome: done, retry later, failed or superseded. */
export async function runJob(deps: RunJobDeps, job: Job): Promise<JobOutcome> {
  const { store, log } = deps;
  const handler = deps.handlers[job.kind];
  if (!handler) return { state: 'failed', error: `no handler for job kind "${job.kind}"` };
  const attempt = { id: job.id, attempts: job.attempts };
  const beat = setInterval(() => {
    store.heartbeat(attempt).catch((e: unknown) => log.warn(`heartbeat: ${String(e)}`));
  }, deps.heartbeatMs);
  try {
    await handler(job, {
      log,
      lastAttempt: job.attempts >= job.maxAttempts,
      assertCurrent: async () => {
        if (await store.isSuperseded(job.id)) throw new JobSupersededError(job.id);
      },
    });
    return { state: 'done' };
  } catch (e) {
    if (e instanceof JobSupersededError) return { state: 'superseded' };
    const error = e instanceof Error ? e.message : String(e);
    if (isRetryable(e) && job.attempts < job.maxAttempts) {
      const delayMs = retryDelayMs(e, deps.now());
      return { state: 'retry', error, ...(delayMs !== undefined ? { delayMs } : {}) };
    }
    return { state: 'failed', error };
  } finally {
    clearInterval(beat);
  }
}
