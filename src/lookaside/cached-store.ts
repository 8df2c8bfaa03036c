import { DistsyncError } from '../core/errors.js';
import { createLocalLookaside } from './local-store.js';
import { checkRef } from './safe-ref.js';
import type { LookasideStore } from './types.js';

/**
 * A remote store with a local cache in front (Fedora's hashed layout in
 * `cacheDir`): fetch takes a verified cached copy when there is one, else
 * fetches (the remote store verifies the hash) and keeps a copy. Writes go to
 * the remote store only; the cache is never trusted without its hash check.
 */
export function withCache(remote: LookasideStore, cacheDir: string): LookasideStore {
  const cache = createLocalLookaside(cacheDir);
  return {
    describe: () => remote.describe(),
    preflight: (pkg, algo) => remote.preflight(pkg, algo),
    has: (ref) => remote.has(ref),
    put: (ref, src) => remote.put(ref, src),
    async fetch(raw, destPath) {
      const ref = checkRef(raw);
      if (await cache.has(ref)) return cache.fetch(ref, destPath);
      await remote.fetch(ref, destPath);
      try {
        await cache.put(ref, destPath);
      } catch (e) {
        // A cache that cannot be written (full disk, damaged copy) costs a download next time, nothing more.
        if (!(e instanceof DistsyncError)) throw e;
      }
    },
  };
}
