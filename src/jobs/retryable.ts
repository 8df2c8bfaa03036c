/** Failures worth another try: network errors and GitHub 5xx / rate limits. Everything else fails at once. */
export function isRetryable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') return status >= 500 || status === 429 || status === 403 && isRateLimit(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'EPIPE'].includes(code);
}

function isRateLimit(err: object): boolean {
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /rate limit/i.test(message);
}
