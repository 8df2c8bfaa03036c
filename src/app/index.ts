import type { ApplicationFunction } from 'probot';
import { openStore } from '../store/open-store.js';
import { QUEUE_DEFAULTS, type Store } from '../store/types.js';
import type { Worker } from '../jobs/worker.js';
import { updateDistGit } from '../sync/update-dist-git.js';
import { updateSourceGit } from '../sync/update-source-git.js';
import { proposeDownstream } from '../sync/propose-downstream.js';
import { createDistsyncApp } from './create-app.js';
import { readAppEnv, storeLocation } from './env.js';

/** Which part of the App a process runs: `web` (webhooks, health, metrics), `worker` (jobs) or `all` (both; `npm start`). */
export type AppRole = 'all' | 'web' | 'worker';

/** The App for one role: store (PostgreSQL when DATABASE_URL is set, else SQLite), git cache, and for all/worker a background worker. */
export function distsyncAppFn(role: AppRole, onReady?: (r: { store: Store; worker: Worker }) => void): ApplicationFunction {
  return async (app, options) => {
    const env = readAppEnv(options.cwd);
    const store = await openStore(storeLocation(env, role));
    const log = { info: (m: string) => app.log.info(m), warn: (m: string) => app.log.warn(m), debug: (m: string) => app.log.debug(m) };
    const distsync = createDistsyncApp(
      { store, log, now: Date.now, engine: { updateDistGit, updateSourceGit, proposeDownstream }, lookasideDir: env.lookasideDir, botLogin: env.botLogin, webBaseUrl: env.webBaseUrl, workspace: { cacheDir: env.cacheDir, gitBaseUrl: env.gitBaseUrl, log, ...(env.cacheMaxBytes ? { maxCacheBytes: env.cacheMaxBytes } : {}) } },
      { startWorker: role !== 'web', heartbeatMs: Math.floor((env.jobLeaseMs ?? QUEUE_DEFAULTS.leaseMs) / 4), ...(env.retentionMs ? { retentionMs: env.retentionMs } : {}) },
    );
    await distsync.appFn(app, options);
    onReady?.({ store, worker: distsync.worker() });
  };
}

/** Entry for `probot run ./dist/app/index.js`: one process, webhooks and worker. */
const appFn: ApplicationFunction = distsyncAppFn('all');

export default appFn;
