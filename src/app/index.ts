import type { ApplicationFunction } from 'probot';
import { openSqliteStore } from '../store/sqlite-store.js';
import { updateDistGit } from '../sync/update-dist-git.js';
import { updateSourceGit } from '../sync/update-source-git.js';
import { createDistsyncApp } from './create-app.js';
import { readAppEnv } from './env.js';

/** Entry for `probot run ./dist/app/index.js`: SQLite store, git cache, a background worker. */
const appFn: ApplicationFunction = async (app, options) => {
  const env = readAppEnv(options.cwd);
  const store = openSqliteStore(env.dbFile);
  const log = { info: (m: string) => app.log.info(m), warn: (m: string) => app.log.warn(m), debug: (m: string) => app.log.debug(m) };
  const distsync = createDistsyncApp(
    { store, log, now: Date.now, engine: { updateDistGit, updateSourceGit }, botLogin: env.botLogin, webBaseUrl: env.webBaseUrl, workspace: { cacheDir: env.cacheDir, gitBaseUrl: env.gitBaseUrl, log } },
    { startWorker: true },
  );
  await distsync.appFn(app, options);
};

export default appFn;
