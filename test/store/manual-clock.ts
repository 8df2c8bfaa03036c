import type { ContractClock } from './store-contract.js';

/** A clock that only moves when told to (the SQLite store reads nothing else). */
export function manualClock(start = 1_000_000): ContractClock {
  let t = start;
  return {
    now: () => t,
    advance: async (ms) => {
      t += ms;
    },
  };
}
