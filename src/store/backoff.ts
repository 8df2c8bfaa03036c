/** Delay before retry number `attempt` (1-based): exponential, capped (the SQLite queue's; pg-boss computes the same with jitter). */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
