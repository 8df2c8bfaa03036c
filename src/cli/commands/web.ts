import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** `distsync web`: the App's webhook receiver, /healthz, /readyz, /metrics and /status; jobs are left to `distsync worker`. */
export function registerWeb(program: Command, cli: CliContext): void {
  program
    .command('web')
    .description('GitHub App role: receive webhooks (verify, dedupe, enqueue), serve /healthz, /readyz, /metrics and /status; run jobs with `distsync worker`')
    .action(async () => {
      const [{ run }, { distsyncAppFn }, { readAppEnv, requireAppCredentials }] = await Promise.all([import('probot'), import('../../app/index.js'), import('../../app/env.js')]);
      // A bad environment stops here with its message (exit 2), before Probot starts.
      requireAppCredentials('web');
      readAppEnv(process.cwd());
      // Probot reads APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET, GHE_HOST, HOST, PORT; the App reads DATABASE_URL / DISTSYNC_*.
      let store: { close(): Promise<void> } | undefined;
      const server = await run(distsyncAppFn('web', (r) => (store = r.store)));
      cli.deps.log.info('distsync web: listening');
      await stopped();
      // Stop taking deliveries, then release the store (on PostgreSQL its pg-boss timers would keep the process up).
      await server.stop();
      await store?.close();
    });
}

/** Resolves on SIGTERM or SIGINT (systemd stop, Ctrl-C). */
export function stopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}
