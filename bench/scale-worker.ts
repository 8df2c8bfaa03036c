/**
 * A queue worker process for the scale bench: the App's worker loop on the given store
 * with a no-op job, so the numbers are the queue's own cost.
 * Usage: node --import tsx bench/scale-worker.ts <postgres://… | sqlite:FILE> <pollMs>
 */
import { openStore } from '../src/store/open-store.js';
import { createWorker } from '../src/jobs/worker.js';

const [where, poll] = process.argv.slice(2);
if (!where || !poll) throw new Error('usage: scale-worker <postgres://… | sqlite:FILE> <pollMs>');
const store = await openStore(where.startsWith('sqlite:') ? { sqliteFile: where.slice('sqlite:'.length) } : { databaseUrl: where, sqliteFile: '' });
const log = { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };
const worker = createWorker({ store, log, pollMs: Number(poll), concurrency: 2, handlers: { noop: async () => undefined } });
worker.start();
process.once('SIGTERM', () => {
  void worker.stop().then(() => store.close()).then(() => process.exit(0));
});
