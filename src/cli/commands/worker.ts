import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { stopped } from './web.js';

/** `distsync worker`: runs the App's jobs from the shared store; any number of these, on any machines. */
export function registerWorker(program: Command, cli: CliContext): void {
  program
    .command('worker')
    .description('GitHub App role: run queued jobs (per package one at a time, in order) until SIGTERM; webhooks come in through `distsync web`')
    .action(async () => {
      const [{ createProbot }, { distsyncAppFn }] = await Promise.all([import('probot'), import('../../app/index.js')]);
      // Probot reads APP_ID and PRIVATE_KEY(_PATH) to act as the App's installations.
      const probot = createProbot();
      let ready: Parameters<Parameters<typeof distsyncAppFn>[1] & object>[0] | undefined;
      await distsyncAppFn('worker', (r) => (ready = r))(probot, { cwd: process.cwd(), addHandler: () => undefined });
      cli.deps.log.info('distsync worker: running jobs');
      await stopped();
      // Let running jobs finish (a job cut short would be retried after its lease anyway), then release the store.
      await ready?.worker.stop();
      await ready?.store.close();
    });
}
