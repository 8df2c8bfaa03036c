/**
 * The App's web process for the webhook benchmark: probot's own `run` (what `probot run`
 * calls for `npm start`) with the App function from src/app/index.ts in the `web` role —
 * webhooks, health and metrics, no worker, so no job calls GitHub. SQLite store and all
 * settings come from the environment the benchmark sets (PORT, HOST=127.0.0.1, DISTSYNC_DB…).
 */
import { run } from 'probot';
import { distsyncAppFn } from '../src/app/index.js';

const server = await run(distsyncAppFn('web'));
process.send?.({ ready: true });
process.on('disconnect', () => {
  void server.stop().finally(() => process.exit(0));
});
