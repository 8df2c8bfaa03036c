import { RetryLaterError } from './types.js';

/** Failures worth another try: a handler's RetryLaterError, network errors and GitHub 5xx / rate limits. Everything else fails at once. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof RetryLaterError) return true;
  if (typeof err !== 'object' || err === null) return false;
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') return status >= 500 || status === 429 || (status === 403 && isRateLimit(err));
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'EPIPE'].includes(code);
}

/**
 * How long to wait before the retry when the failure says so: a RetryLaterError's delay,
 * GitHub's `retry-after` (seconds) or, for a rate limit, `x-ratelimit-reset` (epoch
 * seconds). Undefined: the queue's exponential back-off decides.
 */
export function retryDelayMs(err: unknown, now: number): number | undefined {
  if (err instanceof RetryLaterError) return err.delayMs;
  const headers = (err as { response?: { headers?: Record<string, unknown> } } | null)?.response?.headers;
  if (!headers) return undefined;
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after > 0) return Math.min(after, 3600) * 1000;
  const reset = Number(headers['x-ratelimit-reset']);
  if (isRateLimit(err as object) && Number.isFinite(reset) && reset * 1000 > now) return Math.min(reset * 1000 - now + 1000, 3600_000);
  return undefined;
}

function isRateLimit(err: object): boolean {
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /rate limit/i.test(message);
}
