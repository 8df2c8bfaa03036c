import { join } from 'node:path';
import { hostEnv } from '../git/host-env.js';
import { createLookasideStore, isRemoteLookaside, withCache, type LookasideStore } from '../lookaside/index.js';

/**
 * Where fetched sources are cached: $DISTSYNC_LOOKASIDE_CACHE, else
 * $XDG_CACHE_HOME/distsync/lookaside, else ~/.cache/distsync/lookaside.
 */
export function lookasideCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env['DISTSYNC_LOOKASIDE_CACHE']) return env['DISTSYNC_LOOKASIDE_CACHE'];
  if (env['XDG_CACHE_HOME']) return join(env['XDG_CACHE_HOME'], 'distsync', 'lookaside');
  return env['HOME'] ? join(env['HOME'], '.cache', 'distsync', 'lookaside') : undefined;
}

/**
 * The store of a `--lookaside DIR|URL` option, credentials from the
 * environment; remote stores get the local cache in front for fetches.
 */
export function openLookaside(spec: string, opts: { uploadUrl?: string } = {}): LookasideStore {
  const env = hostEnv();
  const store = createLookasideStore(spec, env, opts.uploadUrl ? { uploadUrl: opts.uploadUrl } : {});
  const cache = isRemoteLookaside(spec) ? lookasideCacheDir(env) : undefined;
  return cache ? withCache(store, cache) : store;
}
