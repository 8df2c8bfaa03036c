import type { ApplicationFunction } from 'probot';
import { openStore } from '../store/open-store.js';
import { QUEUE_DEFAULTS, type Store } from '../store/types.js';
import type { Worker } from '../jobs/worker.js';
import { takeWorkerIdentity } from '../jobs/worker-identity.js';
import { updateDistGit } from '../sync/update-dist-git.js';
import { updateSourceGit } from '../sync/update-source-git.js';
import { proposeDownstream } from '../sync/propose-downstream.js';
import { isDistsyncError } from '../core/errors.js';
import { createDistsyncApp } from './create-app.js';
import { openAppLookaside } from './lookaside-config.js';
import { readAppEnv, storeLocation } from './env.js';
import { ensureDataDir } from './data-dir.js';
import { readBotLogin } from './read-bot-login.js';
import { probeSandbox } from '../rpm/index.js';

/** Which part of the App a process runs: `web` (webhooks, health, metrics), `worker` (jobs) or `all` (both; `npm start`). */
export type AppRole = 'all' | 'web' | 'worker';

/** What a started App hands its entry point: the store and worker to stop, and its worker identity slot to give back. */
export interface ReadyApp {
  store: Store;
  worker: Worker;
  release: () => Promise<void>;
}

/** The App for one role: store (PostgreSQL when DATABASE_URL is set, else SQLite), git cache, and for all/worker a background worker. */
export function distsyncAppFn(role: AppRole, onReady?: (r: ReadyApp) => void): ApplicationFunction {
  return async (app, options) => {
    const env = readAppEnv(options.cwd);
    const log = { info: (m: string) => app.log.info(m), warn: (m: string) => app.log.warn(m), debug: (m: string) => app.log.debug(m) };
    await ensureDataDir(env.dataDir, log);
    const botLogin = env.botLogin ?? (await readBotLogin(app));
    const identity = role === 'web' ? undefined : await takeWorkerIdentity(env.dataDir);
    // rpm on a pull request's spec only inside a sandbox shown to work here; asked for and unavailable: refuse to start
    const rpmSandbox = env.evalWithRpm && role !== 'web' ? await probeSandbox() : undefined;
    if (rpmSandbox) log.info(`DISTSYNC_EVAL_WITH_RPM: rpmspec evaluates specs' %(…) / %{lua:…} in a bubblewrap sandbox (${rpmSandbox.bwrap})`);
    const store = await openStore(storeLocation(env, role));
    const distsync = createDistsyncApp(
      { store, log, now: Date.now, engine: { updateDistGit, updateSourceGit, proposeDownstream }, lookasideDir: env.lookasideDir, ...(env.lookaside ? { lookasideStore: (auth: { token: string }) => openAppLookaside(env.lookaside!, env.gitBaseUrl, auth) } : {}), botLogin, webBaseUrl: env.webBaseUrl, forgeHosts: env.forgeHosts, ...(rpmSandbox ? { rpmSandbox } : {}), workspace: { cacheDir: env.cacheDir, gitBaseUrl: env.gitBaseUrl, log, ...(env.cacheMaxBytes ? { maxCacheBytes: env.cacheMaxBytes } : {}) } },
      {
        startWorker: role !== 'web',
        forgeWebhooks: role !== 'worker',
        heartbeatMs: Math.floor((env.jobLeaseMs ?? QUEUE_DEFAULTS.leaseMs) / 4),
        ...(identity ? { workerId: identity.id } : {}),
        ...(env.retentionMs ? { retentionMs: env.retentionMs } : {}),
        ready: { cacheDir: env.cacheDir, minFreeBytes: env.readyMinFreeBytes },
        ...(env.statusAuth ? { statusAuth: env.statusAuth } : {}),
      },
    );
    await distsync.appFn(app, options);
    onReady?.({ store, worker: distsync.worker(), release: async () => identity?.release() });
  };
}

/** Entry for `probot run ./dist/app/index.js` (`npm start`): one process, webhooks and worker; a bad environment prints its message and exits 2. */
const appFn: ApplicationFunction = async (app, options) => {
  try {
    await distsyncAppFn('all')(app, options);
  } catch (e) {
    if (!isDistsyncError(e)) throw e;
    process.stderr.write(`error: ${e.format()}\n`);
    process.exit(2);
  }
};

export default appFn;
