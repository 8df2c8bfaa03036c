import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { createWorker } from '../../src/jobs/worker.js';
import type { JobHandlers } from '../../src/jobs/types.js';

describe('queue worker', () => {
  let store: Store;
  let clock: number;
  const log = createMemoryLogger();
  beforeEach(() => {
    store = openSqliteStore(':memory:');
    clock = 1_000;
  });
  afterEach(async () => store.close());

  function worker(handlers: JobHandlers, observe?: (state: string) => void) {
    return createWorker({
      store,
      handlers,
      log,
      now: () => clock,
      backoff: (n) => n * 100,
      ...(observe ? { observe: (_j, s) => observe(s) } : {}),
    });
  }

  it('retries a GitHub 5xx with back-off, then succeeds', async () => {
    let calls = 0;
    const w = worker({
      sync: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('Bad gateway'), { status: 502 });
      },
    });
    const job = await store.enqueue({ kind: 'sync', queueKey: 'p', payload: null }, clock);
    await w.drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'queued', runAt: 1_100, lastError: 'Bad gateway' });
    clock = 1_100;
    await w.drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('fails at once on a non-retryable error and after the last retry, telling the handler it is the last', async () => {
    const seen: boolean[] = [];
    const w = worker({
      bad: async () => {
        throw Object.assign(new Error('Validation Failed'), { status: 422 });
      },
      flaky: async (_job, ctx) => {
        seen.push(ctx.lastAttempt);
        throw Object.assign(new Error('Service Unavailable'), { status: 503 });
      },
    });
    const bad = await store.enqueue({ kind: 'bad', queueKey: 'a', payload: null }, clock);
    const flaky = await store.enqueue({ kind: 'flaky', queueKey: 'b', payload: null, maxAttempts: 3 }, clock);
    for (let i = 0; i < 5; i++) {
      await w.drain();
      clock += 1_000;
    }
    expect(await store.getJob(bad.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'Validation Failed' });
    expect(await store.getJob(flaky.id)).toMatchObject({ state: 'failed', attempts: 3, lastError: 'Service Unavailable' });
    expect(seen).toEqual([false, false, true]);
  });

  it('records a superseded job as superseded and runs only the newest', async () => {
    const ran: unknown[] = [];
    const states: string[] = [];
    const w = worker(
      {
        sync: async (job, ctx) => {
          if (job.payload === 'old') await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr', payload: 'new' }, clock);
          await ctx.assertCurrent();
          ran.push(job.payload);
        },
      },
      (s) => states.push(s),
    );
    await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr', payload: 'old' }, clock);
    await w.drain();
    expect(ran).toEqual(['new']);
    expect(states).toEqual(['superseded', 'done']);
  });

  it('fails a job of unknown kind', async () => {
    const job = await store.enqueue({ kind: 'nope', queueKey: 'p', payload: null }, clock);
    await worker({}).drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'failed', lastError: 'no handler for job kind "nope"' });
  });

  it('runs different queue keys in parallel and one key strictly in order', async () => {
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const w = createWorker({
      store,
      log,
      concurrency: 3,
      pollMs: 5,
      handlers: {
        k: async (job) => {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((r) => setTimeout(r, 30));
          order.push(String(job.payload));
          active--;
        },
      },
    });
    for (const p of ['a1', 'a2', 'a3']) await store.enqueue({ kind: 'k', queueKey: 'a', payload: p }, 0);
    for (const p of ['b1', 'c1']) await store.enqueue({ kind: 'k', queueKey: p, payload: p }, 0);
    w.start();
    while ((await store.countJobsByState()).done < 5) await new Promise((r) => setTimeout(r, 10));
    await w.stop();
    expect(order.filter((o) => o.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(maxActive).toBeGreaterThan(1);
  });
});
