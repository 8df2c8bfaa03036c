import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DistsyncError } from '../../core/errors.js';
import { JOB_STATES, type Job, type JobState, type Store } from '../../store/types.js';
import type { CliContext } from '../cli-context.js';

/**
 * `distsync jobs`: the App's queue as an admin sees it (same store as the App: DATABASE_URL,
 * else DISTSYNC_DB): failed jobs with their last error, what is queued or running, and
 * `distsync jobs retry ID` to queue a failed job again.
 */
export function registerJobs(program: Command, cli: CliContext): void {
  const jobs = program.command('jobs').description("the App's job queue (DATABASE_URL or DISTSYNC_DB): list jobs, retry a failed one");
  jobs
    .command('list', { isDefault: true })
    .description('list the newest jobs, e.g. `distsync jobs --state failed` for the failures and their last error')
    .option('--state <state>', `only jobs in this state (${JOB_STATES.join(', ')})`)
    .option('--package <owner/name>', 'only the jobs of this source-git repository')
    .option('--limit <n>', 'the newest this many', '50')
    .action(async (o: { state?: string; package?: string; limit: string }) => {
      const state = o.state === undefined ? undefined : parseState(o.state);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new DistsyncError('usage', `--limit must be a positive whole number (got "${o.limit}")`, { next: 'distsync jobs --limit 50' });
      const list = await withStore((s) => s.listJobs({ limit, ...(state ? { state } : {}), ...(o.package ? { queueKey: `pkg:${o.package}` } : {}) }));
      cli.print(list, () => (list.length ? list.map(describeJob) : ['no jobs match']));
    });
  jobs
    .command('retry <id>')
    .description('queue a failed job again (a new job with the same kind, package and payload, behind what its package has queued)')
    .action(async (id: string) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1) throw new DistsyncError('usage', `job id must be a positive whole number (got "${id}")`, { next: 'distsync jobs --state failed' });
      const again = await withStore(async (s) => {
        const job = await s.getJob(n);
        if (!job) throw new DistsyncError('usage', `there is no job ${n}`, { next: 'distsync jobs --state failed' });
        if (job.state !== 'failed') throw new DistsyncError('usage', `job ${n} is ${job.state}, not failed: nothing to retry`, { next: 'distsync jobs --state failed' });
        return s.enqueue({ kind: job.kind, queueKey: job.queueKey, payload: job.payload, ...(job.supersedeKey ? { supersedeKey: job.supersedeKey } : {}), ...(job.deliveryId ? { deliveryId: job.deliveryId } : {}) });
      });
      cli.print(again, () => [`queued job ${again.id} (${again.kind}, ${again.queueKey}) to retry job ${n}`, 'next: distsync jobs --package ' + again.queueKey.replace(/^pkg:/, '')]);
    });
}

function parseState(s: string): JobState {
  if ((JOB_STATES as readonly string[]).includes(s)) return s as JobState;
  throw new DistsyncError('usage', `--state must be one of ${JOB_STATES.join(', ')} (got "${s}")`, { next: 'distsync jobs --state failed' });
}

async function withStore<T>(fn: (s: Store) => Promise<T>): Promise<T> {
  const [{ readAppEnv, storeLocation }, { openStore }] = await Promise.all([import('../../app/env.js'), import('../../store/open-store.js')]);
  const env = readAppEnv(process.cwd());
  if (!env.databaseUrl && !existsSync(env.dbFile)) {
    throw new DistsyncError('usage', `no App store at ${env.dbFile}`, { next: 'run it where the App runs, or set DISTSYNC_DB=/path/to/distsync.sqlite (or DATABASE_URL=postgres://…)' });
  }
  // A reader: it enqueues at most (with the App's lease), so it leaves pg-boss's supervision to the workers.
  const store = await openStore(storeLocation(env, 'web'));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function describeJob(j: Job): string {
  const when = new Date(j.finishedAt ?? j.startedAt ?? j.createdAt).toISOString();
  const error = j.lastError ? `  ${j.lastError.split('\n')[0]?.slice(0, 160)}` : '';
  return `${j.id}\t${j.state}\t${j.kind}\t${j.queueKey.replace(/^pkg:/, '')}\tattempt ${j.attempts}/${j.maxAttempts}\t${when}${error}`;
}
