import type { Logger } from '../core/log.js';
import type { Job, JobOutcome } from '../store/types.js';

/** What a running job may ask of its worker. */
export interface JobContext {
  log: Logger;
  /** Throws JobSupersededError when a newer job with the same supersede key exists (call before each effect). */
  assertCurrent(): Promise<void>;
  /** True when this is the job's last attempt (a failure now is final). */
  lastAttempt: boolean;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

export type JobHandlers = Record<string, JobHandler>;

/** Thrown by assertCurrent(): the worker records the job as superseded, not failed. */
export class JobSupersededError extends Error {
  constructor(jobId: number) {
    super(`job ${jobId} was superseded by a newer one`);
    this.name = 'JobSupersededError';
  }
}

/**
 * Thrown by a handler that cannot do its work yet but will be able to later (a release
 * whose tag has not reached the repository): the job keeps its place in its package's
 * queue and runs again after `delayMs`, while attempts remain.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Told after every job, for metrics. */
export type JobObserver = (job: Job, outcome: JobOutcome['state'], durationMs: number) => void;
