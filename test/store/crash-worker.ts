/**
 * A real worker process for the crash test: runs jobs from a SQLite store whose
 * effect is idempotent (like "find the PR by branch before opening one"), and
 * hangs after the effect on its first attempt so the test can SIGKILL it there.
 * Usage: node --import tsx test/store/crash-worker.ts <db> <dir>
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createWorker } from '../../src/jobs/worker.js';

const [db, dir] = process.argv.slice(2);
if (!db || !dir) throw new Error('usage: crash-worker <db> <dir>');
const store = openSqliteStore(db, { leaseMs: 400 });
const log = { info: () => undefined, warn: () => undefined, debug: () => undefined };
const worker = createWorker({
  store,
  log,
  workerId: `crash-worker-${process.pid}`,
  heartbeatMs: 100,
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
