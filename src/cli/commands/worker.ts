import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { ReadyApp } from '../../app/index.js';
import { stopped } from './web.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** `distsync worker`: runs the App's jobs from the shared store; any number of these, on any machines. */
export function registerWorker(program: Command, cli: CliContext): void {
  program
    .command('worker')
    .description('GitHub App role: run queued jobs (per package one at a time, in order) until SIGTERM; webhooks come in through `distsync web`; DISTSYNC_WORKER_PORT serves /healthz, /readyz, /metrics and /status')
    .action(async () => {
      const [{ createProbot }, { distsyncAppFn }, { readAppEnv, requireAppCredentials }] = await Promise.all([import('probot'), import('../../app/index.js'), import('../../app/env.js')]);
      // A bad environment stops here with its message (exit 2).
      requireAppCredentials('worker');
      const env = readAppEnv(process.cwd());
      // Probot reads APP_ID and PRIVATE_KEY(_PATH) to act as the App's installations.
      const probot = createProbot();
      let ready: ReadyApp | undefined;
      const handlers: Handler[] = [];
      await distsyncAppFn('worker', (r) => (ready = r))(probot, { cwd: process.cwd(), addHandler: (h: Handler) => handlers.push(h) });
      const server = env.workerPort ? await serve(handlers, env.workerPort, env.host ?? '127.0.0.1') : undefined;
      cli.deps.log.info(`distsync worker: running jobs${server ? `; /healthz, /readyz, /metrics and /status on port ${env.workerPort}` : ''}`);
      await stopped();
      // Let running jobs finish (a job cut short would be retried after its lease anyway), then release the store.
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await ready?.worker.stop();
      await ready?.store.close();
      await ready?.release();
    });
}

/** The App's /healthz (the store answers), /readyz (store, git, disk), /metrics and /status for a worker's own monitoring. */
async function serve(handlers: Handler[], port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      for (const h of handlers) if (await h(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('distsync worker: only /healthz, /readyz, /metrics and /status here\n');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
