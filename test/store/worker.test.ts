import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from 'pg-boss';
import { createMemoryLogger } from '../../src/core/log.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { openPgStore } from '../../src/store/pg-store.js';
import type { Store } from '../../src/store/types.js';
import { createWorker } from '../../src/jobs/worker.js';
import { RetryLaterError, type JobHandlers } from '../../src/jobs/types.js';
import { QUEUE, type ContractClock } from './store-contract.js';
import { manualClock } from './manual-clock.js';
import { createTestDatabase } from './pg-helpers.js';

let pgDb: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  pgDb = await createTestDatabase('distsync_worker');
});
afterAll(async () => pgDb?.drop());
let schemas = 0;

const backends: { name: string; open: () => Promise<{ store: Store; clock: ContractClock }> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const clock = manualClock();
      return { store: openSqliteStore(':memory:', { ...QUEUE, clock }), clock };
    },
  },
  {
    name: 'PostgreSQL (pg-boss)',
    open: async () => {
      if (!pgDb) throw new Error('the test database was not created (is PostgreSQL running?)');
      const tc = new TestClock(1_000_000);
      const store = await openPgStore(pgDb.url, { schema: `w${schemas++}`, ...QUEUE, clock: tc });
      return { store, clock: { now: () => tc.now(), advance: (ms) => tc.tick(ms) } };
    },
  },
];

describe.each(backends)('queue worker on $name', ({ open }) => {
  let store: Store;
  let clock: ContractClock;
  const log = createMemoryLogger();
  beforeEach(async () => {
    ({ store, clock } = await open());
  });
  afterEach(async () => store.close());

  function worker(handlers: JobHandlers, observe?: (state: string) => void) {
    return createWorker({ store, handlers, log, now: () => clock.now(), ...(observe ? { observe: (_j, s) => observe(s) } : {}) });
  }

  it('retries a GitHub 5xx after the back-off, then succeeds', async () => {
    let calls = 0;
    const w = worker({
      sync: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('Bad gateway'), { status: 502 });
      },
    });
    const job = await store.enqueue({ kind: 'sync', queueKey: 'p', payload: null });
    await w.drain();
    const queued = await store.getJob(job.id);
    expect(queued).toMatchObject({ state: 'queued', lastError: 'Bad gateway' });
    expect(queued!.runAt - clock.now()).toBeGreaterThanOrEqual(QUEUE.retryBaseMs);
    await w.drain();
    expect(calls).toBe(1);
    await clock.advance(QUEUE.retryBaseMs * 2 + 500);
    await w.drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('waits as long as a RetryLaterError or a Retry-After header says', async () => {
    let calls = 0;
    const w = worker({
      later: async () => {
        calls++;
        if (calls === 1) throw new RetryLaterError('tag v2 is not in the repository yet', 90_000);
        if (calls === 2) throw Object.assign(new Error('secondary rate limit'), { status: 403, response: { headers: { 'retry-after': '120' } } });
      },
    });
    const job = await store.enqueue({ kind: 'later', queueKey: 'p', payload: null });
    await w.drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'queued', runAt: clock.now() + 90_000, lastError: 'tag v2 is not in the repository yet' });
    await clock.advance(89_000);
    await w.drain();
    expect(calls).toBe(1);
    await clock.advance(1_500);
    await w.drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'queued', runAt: clock.now() + 120_000, attempts: 2 });
    await clock.advance(120_500);
    await w.drain();
    expect(await store.getJob(job.id)).toMatchObject({ state: 'done', attempts: 3 });
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
    const bad = await store.enqueue({ kind: 'bad', queueKey: 'a', payload: null });
    const flaky = await store.enqueue({ kind: 'flaky', queueKey: 'b', payload: null, maxAttempts: 3 });
    for (let i = 0; i < 5; i++) {
      await w.drain();
      await clock.advance(QUEUE.retryMaxMs);
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
          if (job.payload === 'old') await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr', payload: 'new' });
          await ctx.assertCurrent();
          ran.push(job.payload);
        },
      },
      (s) => states.push(s),
    );
    await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr', payload: 'old' });
    await w.drain();
    expect(ran).toEqual(['new']);
    expect(states).toEqual(['superseded', 'done']);
  });

  it('prunes finished jobs past the retention while it runs', async () => {
    const old = await store.enqueue({ kind: 'k', queueKey: 'p', payload: null });
    await worker({ k: async () => undefined }).drain();
    expect((await store.getJob(old.id))?.state).toBe('done');
    await clock.advance(10_000);
    const w = createWorker({ store, log, now: () => clock.now(), handlers: {}, prune: { retentionMs: 5_000, everyMs: 60_000 }, pollMs: 5 });
    w.start();
    const end = Date.now() + 5_000;
    while ((await store.getJob(old.id)) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    await w.stop();
    expect(await store.getJob(old.id)).toBeUndefined();
  });

  it('fails a job of unknown kind', async () => {
    const job = await store.enqueue({ kind: 'nope', queueKey: 'p', payload: null });
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
    for (const p of ['a1', 'a2', 'a3']) await store.enqueue({ kind: 'k', queueKey: 'a', payload: p });
    for (const p of ['b1', 'c1']) await store.enqueue({ kind: 'k', queueKey: p, payload: p });
    w.start();
    while ((await store.countJobsByState()).done < 5) await new Promise((r) => setTimeout(r, 10));
    await w.stop();
    expect(order.filter((o) => o.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(maxActive).toBeGreaterThan(1);
  });
});
