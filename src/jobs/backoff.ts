/** Delay before retry number `attempt` (1-based): exponential, capped. */
export function backoffMs(attempt: number, baseMs = 5_000, capMs = 10 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
