/**
 * `npm run bench:ops`: what an operator waits for.
 * 1. /status render time (store reads + HTML) with 10,000 jobs over 200 packages in the store,
 *    on SQLite and on PostgreSQL (pg-boss), median of 9 renders after one warm-up.
 * 2. Crash → resumed: a real worker process (test/store/crash-worker.ts, 60 s lease) is SIGKILLed
 *    mid-job and restarted with the same identity; time from the restart to the job running again
 *    (second attempt logged) and to it finishing, 3 rounds per backend.
 * Results: bench/ops-results.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/types.js';
import { readStatus } from '../src/app/http/status-data.js';
import { renderStatusPage } from '../src/app/http/status-page.js';
import { createTestDatabase } from '../test/store/pg-helpers.js';

const JOBS = 10_000;
const PACKAGES = 200;
const CRASH_WORKER = fileURLToPath(new URL('../test/store/crash-worker.ts', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function fill(store: Store): Promise<void> {
  for (let i = 0; i < JOBS; i++) {
    const pkg = `o/pkg-${i % PACKAGES}`;
    await store.enqueue({ kind: 'sync-pr', queueKey: `pkg:${pkg}`, payload: { installationId: 1, sourceRepo: pkg, pr: i % 50, headSha: 'a'.repeat(40), baseRef: 'main' } });
  }
  for (let i = 0; i < JOBS - 300; i++) {
    const job = await store.claim('bench');
    if (!job) break;
    await store.finish({ id: job.id, attempts: job.attempts }, job.id % 17 === 0 ? { state: 'failed', error: `update-dist-git failed: patch ${job.id} does not apply\n  next: rebase it` } : { state: 'done' });
  }
}

async function renderTimes(store: Store): Promise<{ medianMs: number; bytes: number; packages: number }> {
  const deps = { store, webBaseUrl: 'https://github.com', now: Date.now };
  await renderStatusPage(await readStatus(deps));
  const times: number[] = [];
  let html = '';
  let packages = 0;
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    const data = await readStatus(deps);
    html = renderStatusPage(data);
    times.push(performance.now() - t);
    packages = data.packages.length;
  }
  return { medianMs: Math.round(median(times) * 10) / 10, bytes: html.length, packages };
}

async function crashResume(db: string): Promise<{ toRunAgainMs: number; toDoneMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-crash-'));
  const isPg = db.startsWith('postgres');
  const file = isPg ? db : join(dir, 'state.sqlite');
  const store = await openStore({ sqliteFile: file, ...(isPg ? { databaseUrl: db } : {}), queue: { leaseMs: 60_000 }, role: 'web' });
  try {
    const job = await store.enqueue({ kind: 'effect', queueKey: 'pkg:a', payload: { key: 'k' } });
    const start = () => spawn(process.execPath, ['--import', 'tsx', CRASH_WORKER, file, dir, '60000', 'identity'], { stdio: 'ignore' });
    const first = start();
    while (!existsSync(join(dir, 'effect-done'))) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const t0 = performance.now();
    const second = start();
    let again = 0;
    for (;;) {
      if (!again && readFileSync(join(dir, 'attempts.log'), 'utf8').includes('attempt 2')) again = performance.now() - t0;
      if ((await store.getJob(job.id))?.state === 'done') break;
      if (performance.now() - t0 > 90_000) throw new Error('not resumed in 90 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const done = performance.now() - t0;
    second.kill('SIGKILL');
    return { toRunAgainMs: Math.round(again), toDoneMs: Math.round(done) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, jobs: JOBS, packages: PACKAGES };
for (const backend of ['sqlite', 'postgres'] as const) {
  const pg = backend === 'postgres' ? await createTestDatabase('distsync_bench_ops') : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-status-'));
  try {
    const store = await openStore({ sqliteFile: join(dir, 's.sqlite'), ...(pg ? { databaseUrl: pg.url } : {}) });
    try {
      await fill(store);
      results[`status_${backend}`] = await renderTimes(store);
    } finally {
      await store.close();
    }
    const rounds = [];
    for (let i = 0; i < 3; i++) {
      const crashDb = backend === 'postgres' ? await createTestDatabase('distsync_bench_crash') : undefined;
      try {
        rounds.push(await crashResume(crashDb?.url ?? 'sqlite'));
      } finally {
        await crashDb?.drop();
      }
    }
    results[`crash_${backend}`] = rounds;
  } finally {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ [backend]: { status: results[`status_${backend}`], crash: results[`crash_${backend}`] } }));
}
writeFileSync(fileURLToPath(new URL('./ops-results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
