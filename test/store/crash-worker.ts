/**
 * A real worker process for the crash tests: runs jobs from a store whose effect is
 * idempotent (like "find the PR by branch before opening one"), and hangs after the
 * effect on its first attempt so the test can SIGKILL it there.
 * Usage: node --import tsx test/store/crash-worker.ts <db file or postgres:// URL> <dir> <lease ms> [identity]
 * With `identity`, the worker takes its stable identity from <dir>/data (host + data dir + slot),
 * as the App does; without, a fresh id per process.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import { createWorker } from '../../src/jobs/worker.js';
import { takeWorkerIdentity } from '../../src/jobs/worker-identity.js';

const [db, dir, lease, mode] = process.argv.slice(2);
if (!db || !dir || !lease) throw new Error('usage: crash-worker <db> <dir> <lease ms> [identity]');
const store = await openStore({ sqliteFile: db, ...(db.startsWith('postgres') ? { databaseUrl: db } : {}), queue: { leaseMs: Number(lease) }, role: 'worker' });
const workerId = mode === 'identity' ? (await takeWorkerIdentity(join(dir, 'data'))).id : `crash-worker-${process.pid}`;
const log = { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };
const worker = createWorker({
  store,
  log,
  workerId,
  heartbeatMs: Math.max(100, Math.floor(Number(lease) / 4)),
  pollMs: 50,
  concurrency: 1,
  handlers: {
    effect: async (job) => {
      const key = String((job.payload as { key: string }).key);
      appendFileSync(join(dir, 'attempts.log'), `${process.pid} ${job.id} attempt ${job.attempts}\n`);
      const effect = join(dir, `effect-${key}`);
      if (!existsSync(effect)) appendFileSync(join(dir, 'effects.log'), `created ${key}\n`);
      writeFileSync(effect, key);
      if (job.attempts === 1) {
        writeFileSync(join(dir, 'effect-done'), String(process.pid));
        await new Promise(() => undefined);
      }
    },
  },
});
worker.start();
writeFileSync(join(dir, `started-${process.pid}`), workerId);
