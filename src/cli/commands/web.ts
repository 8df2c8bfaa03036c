import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** `distsync web`: the App's webhook receiver, /healthz and /metrics; jobs are left to `distsync worker`. */
export function registerWeb(program: Command, cli: CliContext): void {
  program
    .command('web')
    .description('GitHub App role: receive webhooks (verify, dedupe, enqueue), serve /healthz and /metrics; run jobs with `distsync worker`')
    .action(async () => {
      const [{ run }, { distsyncAppFn }] = await Promise.all([import('probot'), import('../../app/index.js')]);
      // Probot reads APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET, HOST, PORT; the App reads DATABASE_URL / DISTSYNC_*.
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
