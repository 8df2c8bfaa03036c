import type { Logger } from '../core/log.js';
import type { Job, JobOutcome, Store } from '../store/types.js';
import { backoffMs } from './backoff.js';
import { isRetryable } from './retryable.js';
import { JobSupersededError, type JobHandlers } from './types.js';

export interface RunJobDeps {
  store: Store;
  handlers: JobHandlers;
  log: Logger;
  now: () => number;
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  backoff?: (attempt: number) => number;
}

/** Run one claimed job under a heartbeat and decide its outcome: done, retry later, failed or superseded. */
export async function runJob(deps: RunJobDeps, job: Job): Promise<JobOutcome> {
  const { store, log } = deps;
  const handler = deps.handlers[job.kind];
  if (!handler) return { state: 'failed', error: `no handler for job kind "${job.kind}"` };
  const beat = setInterval(() => {
    store.heartbeat(job.id, deps.workerId, deps.now(), deps.leaseMs).catch((e: unknown) => log.warn(`heartbeat: ${String(e)}`));
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
      return { state: 'retry', error, runAt: deps.now() + (deps.backoff ?? backoffMs)(job.attempts) };
    }
    return { state: 'failed', error };
  } finally {
    clearInterval(beat);
  }
}
