import { DistsyncError } from '../core/errors.js';
import type { HashAlgo } from '../core/lookaside/index.js';
import type { LookasideStore } from '../lookaside/index.js';

/**
 * Ask the store, before any work, whether it takes `algo` objects of `pkg`;
 * a hash type it cannot take is reported against the checksum file that
 * records it, with what the store needs.
 */
export async function preflightLookaside(store: LookasideStore, pkg: string, algo: HashAlgo, checksumPath: string | null | undefined): Promise<void> {
  try {
    await store.preflight(pkg, algo);
  } catch (e) {
    if (!(e instanceof DistsyncError) || !e.message.includes(`does not take ${algo}`) || !checksumPath) throw e;
    throw new DistsyncError(e.code, `${checksumPath} records ${algo} hashes, and ${e.message}`, {
      ...(e.next ? { next: `${e.next}; nothing was done` } : {}),
      cause: e,
    });
  }
}
