import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';

/** Time a contract test moves: the store reads it, and on PostgreSQL pg-boss runs its timers (supervision) on it. */
export interface ContractClock {
  now(): number;
  advance(ms: number): Promise<void>;
}

/**
 * The rules every Store backend keeps. Call from a backend's test file with a
 * factory that returns a fresh, empty store opened with QUEUE (and may return the
 * same backing data twice via `reopen` to test persistence).
 */
export interface StoreFactory {
  name: string;
  create(): Promise<{ store: Store; clock: ContractClock }>;
  /** A second handle on the same data (another process would see this). */
  reopen?(): Promise<Store>;
}

/** Queue options every factory opens its stores with. */
export const QUEUE = { leaseMs: 20_000, retryBaseMs: 5_000, retryMaxMs: 60_000 };
/** Long enough for any backend to notice an expired lease and hand the job out again (lease, supervision, first back-off). */
const DEAD_WORKER_MS = QUEUE.leaseMs * 2 + QUEUE.retryBaseMs * 2 + 1_000;

export function storeContract(factory: StoreFactory): void {
  describe(`Store contract: ${factory.name}`, () => {
    let store: Store;
    let clock: ContractClock;
    beforeEach(async () => {
      ({ store, clock } = await factory.create());
    });
    afterEach(async () => {
      await store.close();
    });

    it('accepts a delivery once with its jobs and refuses the duplicate, enqueuing nothing for it', async () => {
      const job = { kind: 'sync', queueKey: 'p', payload: { n: 1 }, deliveryId: 'd-1' };
      const t0 = clock.now();
      expect(await store.acceptDelivery({ id: 'd-1', event: 'pull_request', receivedAt: 1 }, [job, { ...job, queueKey: 'q' }])).toBe(true);
      expect(await store.acceptDelivery({ id: 'd-1', event: 'pull_request', receivedAt: 2 }, [job])).toBe(false);
      expect(await store.acceptDelivery({ id: 'd-2', event: 'push', receivedAt: 3 }, [])).toBe(true);
      expect(await store.countDeliveries()).toBe(2);
      const jobs = await store.listJobs();
      expect(jobs.map((j) => [j.queueKey, j.deliveryId, j.createdAt, j.state])).toEqual([['p', 'd-1', t0, 'queued'], ['q', 'd-1', t0, 'queued']]);
    });

    it('enqueues and claims a job, keeping its payload', async () => {
      const job = await store.enqueue({ kind: 'sync', queueKey: 'pkg-a', payload: { pr: 7, list: [1, 'x'] } });
      expect(job).toMatchObject({ state: 'queued', attempts: 0, runAt: clock.now() });
      const claimed = await store.claim('w1');
      expect(claimed).toMatchObject({ id: job.id, state: 'running', attempts: 1, leaseOwner: 'w1', startedAt: clock.now() });
      expect(claimed?.payload).toEqual({ pr: 7, list: [1, 'x'] });
      expect(await store.claim('w2')).toBeUndefined();
    });

    it('holds a job enqueued with a later runAt until then (its key waits; other keys do not)', async () => {
      const later = await store.enqueue({ kind: 'poll', queueKey: 'poll-a', payload: 1, runAt: clock.now() + 60_000 });
      expect(later).toMatchObject({ state: 'queued', runAt: clock.now() + 60_000 });
      const other = await store.enqueue({ kind: 'k', queueKey: 'b', payload: 2 });
      expect((await store.claim('w1'))?.id).toBe(other.id);
      expect(await store.finish({ id: other.id, attempts: 1 }, { state: 'done' })).toBe(true);
      expect(await store.claim('w1')).toBeUndefined();
      await clock.advance(59_000);
      expect(await store.claim('w1')).toBeUndefined();
      await clock.advance(1_500);
      expect(await store.claim('w1')).toMatchObject({ id: later.id, attempts: 1 });
    });

    it('runs jobs of one queue key one at a time in order, other keys in parallel', async () => {
      const a1 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: 1 });
      const a2 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: 2 });
      const b1 = await store.enqueue({ kind: 'k', queueKey: 'b', payload: 3 });
      const first = await store.claim('w1');
      const second = await store.claim('w2');
      expect([first?.id, second?.id]).toEqual([a1.id, b1.id]);
      expect(await store.claim('w3')).toBeUndefined();
      expect(await store.finish({ id: a1.id, attempts: 1 }, { state: 'done' })).toBe(true);
      expect((await store.claim('w3'))?.id).toBe(a2.id);
    });

    it('retries after the delay a retry names, keeping later jobs of the key waiting', async () => {
      const a1 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: 1 });
      await store.enqueue({ kind: 'k', queueKey: 'a', payload: 2 });
      await store.claim('w1');
      expect(await store.finish({ id: a1.id, attempts: 1 }, { state: 'retry', error: 'HTTP 502', delayMs: 30_000 })).toBe(true);
      expect(await store.getJob(a1.id)).toMatchObject({ state: 'queued', lastError: 'HTTP 502', runAt: clock.now() + 30_000 });
      expect(await store.claim('w1')).toBeUndefined();
      await clock.advance(29_000);
      expect(await store.claim('w1')).toBeUndefined();
      await clock.advance(1_500);
      expect(await store.claim('w1')).toMatchObject({ id: a1.id, attempts: 2, lastError: 'HTTP 502' });
    });

    it('backs off before a retry that names no delay, longer on each attempt', async () => {
      const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await store.claim('w')).toMatchObject({ id: job.id, attempts: attempt });
        expect(await store.finish({ id: job.id, attempts: attempt }, { state: 'retry', error: `try ${attempt}` })).toBe(true);
        const runAt = (await store.getJob(job.id))?.runAt ?? 0;
        waits.push(runAt - clock.now());
        expect(await store.claim('w')).toBeUndefined();
        await clock.advance(runAt - clock.now() + 500);
      }
      // exponential from retryBaseMs (pg-boss adds up to the same again as jitter)
      expect(waits[0]).toBeGreaterThanOrEqual(QUEUE.retryBaseMs);
      expect(waits[0]).toBeLessThanOrEqual(QUEUE.retryBaseMs * 2);
      expect(waits[2]).toBeGreaterThanOrEqual(QUEUE.retryBaseMs * 4);
      expect(await store.claim('w')).toMatchObject({ id: job.id, attempts: 4 });
    });

    it('lets another worker take a job whose lease expired, fencing the old attempt out', async () => {
      const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      await store.claim('dead');
      await clock.advance(QUEUE.leaseMs / 2);
      expect(await store.claim('w2')).toBeUndefined();
      await clock.advance(DEAD_WORKER_MS);
      const taken = await store.claim('w2');
      expect(taken).toMatchObject({ id: job.id, leaseOwner: 'w2', attempts: 2 });
      expect(await store.heartbeat({ id: job.id, attempts: 1 })).toBe(false);
      expect(await store.finish({ id: job.id, attempts: 1 }, { state: 'done' })).toBe(false);
      expect(await store.heartbeat({ id: job.id, attempts: 2 })).toBe(true);
      expect(await store.finish({ id: job.id, attempts: 2 }, { state: 'done' })).toBe(true);
      expect(await store.getJob(job.id)).toMatchObject({ state: 'done', attempts: 2, finishedAt: clock.now() });
    });

    it('gives a restarted worker (same identity) its running jobs back at once, not after the lease; others keep theirs', async () => {
      const mine = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      const later = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      const theirs = await store.enqueue({ kind: 'k', queueKey: 'b', payload: null });
      const last = await store.enqueue({ kind: 'k', queueKey: 'c', payload: null, maxAttempts: 1 });
      expect((await store.claim('host:/data#0'))?.id).toBe(mine.id);
      expect((await store.claim('host:/data#1'))?.id).toBe(theirs.id);
      expect((await store.claim('host:/data#0'))?.id).toBe(last.id);
      expect(await store.claim('host:/data#0')).toBeUndefined();
      expect(await store.reclaim('host:/data#0')).toBe(2);
      const again = await store.claim('host:/data#0');
      expect(again).toMatchObject({ id: mine.id, attempts: 2, leaseOwner: 'host:/data#0' });
      expect(await store.claim('host:/data#0')).toBeUndefined(); // the last attempt gave up; b is still held by its live worker, a by this one
      expect(await store.getJob(last.id)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/lease expired after 1 attempt/) });
      expect(await store.getJob(theirs.id)).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'host:/data#1' });
      expect(await store.finish({ id: mine.id, attempts: 1 }, { state: 'done' })).toBe(false);
      expect(await store.finish({ id: mine.id, attempts: 2 }, { state: 'done' })).toBe(true);
      expect((await store.claim('w'))?.id).toBe(later.id);
      expect(await store.reclaim('nobody')).toBe(0);
    });

    it('keeps a lease alive while its worker sends heartbeats', async () => {
      const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      await store.claim('w1');
      for (let i = 0; i < 4; i++) {
        await clock.advance(QUEUE.leaseMs / 2);
        expect(await store.heartbeat({ id: job.id, attempts: 1 })).toBe(true);
      }
      expect(await store.claim('w2')).toBeUndefined();
      expect(await store.finish({ id: job.id, attempts: 1 }, { state: 'done' })).toBe(true);
    });

    it('fails a job whose lease expired once attempts are used up, and frees its key', async () => {
      const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null, maxAttempts: 1 });
      const next = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      await store.claim('dead');
      await clock.advance(DEAD_WORKER_MS);
      const taken = await store.claim('w2');
      expect(taken?.id).toBe(next.id);
      const failed = await store.getJob(job.id);
      expect(failed?.state).toBe('failed');
      expect(failed?.lastError).toMatch(/lease expired after 1 attempt/);
    });

    it('supersedes queued jobs with the same key and tells a running one it is stale', async () => {
      const j1 = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-1', payload: 'sha1' });
      await store.claim('w');
      const j2 = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-1', payload: 'sha2' });
      const j3 = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-1', payload: 'sha3' });
      const other = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-2', payload: 'x' });
      expect(await store.isSuperseded(j1.id)).toBe(true);
      expect(await store.isSuperseded(j3.id)).toBe(false);
      expect((await store.getJob(j2.id))?.state).toBe('superseded');
      expect((await store.getJob(j1.id))?.state).toBe('running');
      await store.finish({ id: j1.id, attempts: 1 }, { state: 'superseded' });
      expect((await store.claim('w'))?.id).toBe(j3.id);
      await store.finish({ id: j3.id, attempts: 1 }, { state: 'done' });
      expect((await store.claim('w'))?.id).toBe(other.id);
    });

    it('records failures with their error and counts jobs by state; a failed job does not hold back its key', async () => {
      const a = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      const a2 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      const b = await store.enqueue({ kind: 'k', queueKey: 'b', payload: null });
      await store.claim('w');
      await store.finish({ id: a.id, attempts: 1 }, { state: 'failed', error: 'boom' });
      expect(await store.getJob(a.id)).toMatchObject({ state: 'failed', lastError: 'boom', finishedAt: clock.now() });
      expect(await store.countJobsByState()).toEqual({ queued: 2, running: 0, done: 0, failed: 1, superseded: 0 });
      expect((await store.listJobs({ state: 'failed' })).map((j) => j.id)).toEqual([a.id]);
      expect((await store.listJobs({ queueKey: 'b' })).length).toBe(1);
      expect((await store.listJobs({ limit: 2 })).map((j) => j.id)).toEqual([a2.id, b.id]);
      expect((await store.listJobs({ state: 'queued', limit: 1 })).map((j) => j.id)).toEqual([b.id]);
      const claimed = [(await store.claim('w'))?.id, (await store.claim('w'))?.id];
      expect(claimed).toContain(a2.id);
    });

    it('prunes finished jobs and deliveries older than the cut-off, never a queued or running job', async () => {
      await store.acceptDelivery({ id: 'old', event: 'push', receivedAt: clock.now() - 100 }, []);
      const done = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      const failed = await store.enqueue({ kind: 'k', queueKey: 'b', payload: null });
      const running = await store.enqueue({ kind: 'k', queueKey: 'c', payload: null });
      const queued = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null });
      for (let i = 0; i < 3; i++) await store.claim('w');
      await store.finish({ id: done.id, attempts: 1 }, { state: 'done' });
      await store.finish({ id: failed.id, attempts: 1 }, { state: 'failed', error: 'x' });
      await clock.advance(1_000);
      await store.acceptDelivery({ id: 'new', event: 'push', receivedAt: clock.now() }, []);
      const later = await store.enqueue({ kind: 'k', queueKey: 'd', payload: null });
      await store.claim('w');
      await store.finish({ id: later.id, attempts: 1 }, { state: 'done' });
      expect(await store.pruneFinished(clock.now() - 500)).toEqual({ jobs: 2, deliveries: 1 });
      expect((await store.listJobs()).map((j) => j.id)).toEqual([running.id, queued.id, later.id]);
      expect(await store.acceptDelivery({ id: 'new', event: 'push', receivedAt: clock.now() }, [])).toBe(false);
      expect(await store.pruneFinished(clock.now() - 500)).toEqual({ jobs: 0, deliveries: 0 });
    });

    it('answers a ping (what /healthz asks)', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('tells the queue depth per package and the deliveries since a time (what /status shows)', async () => {
      expect(await store.queueDepths()).toEqual([]);
      const t0 = clock.now();
      await store.acceptDelivery({ id: 'old', event: 'push', receivedAt: t0 - 120_000 }, []);
      await store.acceptDelivery({ id: 'new', event: 'push', receivedAt: t0 - 1_000 }, [{ kind: 'k', queueKey: 'pkg:o/a', payload: null }]);
      await store.enqueue({ kind: 'k', queueKey: 'pkg:o/a', payload: null });
      await store.enqueue({ kind: 'k', queueKey: 'pkg:o/b', payload: null });
      const c = await store.claim('w');
      expect(c?.queueKey).toBe('pkg:o/a');
      expect(await store.queueDepths()).toEqual([
        { queueKey: 'pkg:o/a', queued: 1, running: 1 },
        { queueKey: 'pkg:o/b', queued: 1, running: 0 },
      ]);
      expect([await store.countDeliveries(), await store.countDeliveries(t0 - 60_000)]).toEqual([2, 1]);
    });

    it('never hands one job to two concurrent claimers', async () => {
      for (let i = 0; i < 10; i++) await store.enqueue({ kind: 'k', queueKey: `q${i}`, payload: i });
      const claims = await Promise.all(Array.from({ length: 15 }, (_, i) => store.claim(`w${i}`)));
      const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
      expect(ids.length).toBe(10);
      expect(new Set(ids).size).toBe(10);
    });

    it('saves and finds PR links by source, dist PR and dist branch; updates in place', async () => {
      const link = {
        sourceRepo: 'o/sg',
        sourcePr: 3,
        distRepo: 'o/dg',
        distPr: 9,
        distBranch: 'distsync/sg-sg-3',
        headRepo: 'o/dg',
        sourceHeadSha: 'a'.repeat(40),
        distHeadSha: 'b'.repeat(40),
      };
      await store.savePrLink(link);
      expect(await store.getPrLinkBySource('o/sg', 3)).toEqual(link);
      expect(await store.getPrLinkByDist('o/dg', 9)).toEqual(link);
      expect(await store.getPrLinkByDistBranch('o/dg', 'distsync/sg-sg-3')).toEqual(link);
      expect(await store.getPrLinkByDistHead('o/dg', 'b'.repeat(40))).toEqual(link);
      expect(await store.getPrLinkByDistHead('o/dg', 'd'.repeat(40))).toBeUndefined();
      expect(await store.getPrLinkByDistHead('o/other', 'b'.repeat(40))).toBeUndefined();
      await store.savePrLink({ ...link, sourceRepo: 'o/sg2', distPr: 10, headRepo: 'fork/dg', distHeadSha: 'e'.repeat(40) });
      expect(await store.getPrLinkByDistHead('fork/dg', 'e'.repeat(40))).toMatchObject({ sourceRepo: 'o/sg2', distPr: 10 });
      await store.savePrLink({ ...link, sourceHeadSha: 'c'.repeat(40), checkRunId: 44 });
      expect(await store.getPrLinkBySource('o/sg', 3)).toMatchObject({ sourceHeadSha: 'c'.repeat(40), checkRunId: 44 });
      expect(await store.getPrLinkBySource('o/sg', 4)).toBeUndefined();
    });

    it('saves and finds mirrored checks by origin and by mirror id', async () => {
      const m = { originKey: 'check_run:5', distRepo: 'o/dg', sourceRepo: 'o/sg', sourcePr: 3, sourceHeadSha: 'a'.repeat(40), mirrorCheckRunId: 77, originCheckRunId: 5 };
      await store.saveMirroredCheck(m);
      expect(await store.getMirroredCheck('check_run:5', 'a'.repeat(40))).toEqual(m);
      expect(await store.getMirroredCheck('check_run:5', 'b'.repeat(40))).toBeUndefined();
      expect(await store.getMirroredCheckByMirrorId(77)).toEqual(m);
      const status = { originKey: 'status:ci/zuul', distRepo: 'o/dg', sourceRepo: 'o/sg', sourcePr: 3, sourceHeadSha: 'a'.repeat(40), mirrorCheckRunId: 78 };
      await store.saveMirroredCheck(status);
      expect(await store.getMirroredCheckByMirrorId(78)).toEqual(status);
    });

    it('saves package routes once and finds them by dist-git branch', async () => {
      const r = { sourceRepo: 'o/sg', sourceBranch: 'main', distRepo: 'o/dg', distBranch: 'rawhide', installationId: 1 };
      await store.savePackageRoute(r);
      await store.savePackageRoute({ ...r, installationId: 2 });
      await store.savePackageRoute({ ...r, sourceBranch: 'c9s' });
      expect(await store.getPackageRoutesByDist('o/dg', 'rawhide')).toEqual([{ ...r, sourceBranch: 'c9s' }, { ...r, installationId: 2 }]);
      expect(await store.getPackageRoutesByDist('o/dg', 'f40')).toEqual([]);
      expect(await store.getPackageRoutesBySource('o/sg')).toEqual([{ ...r, sourceBranch: 'c9s' }, { ...r, installationId: 2 }]);
      expect(await store.getPackageRoutesBySource('o/dg')).toEqual([]);
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps everything across a reopen (another process sees it)', async () => {
        await store.acceptDelivery({ id: 'd', event: 'push', receivedAt: 0 }, []);
        const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: { x: 1 } });
        await store.claim('w');
        const other = await reopen();
        try {
          expect(await other.acceptDelivery({ id: 'd', event: 'push', receivedAt: 1 }, [])).toBe(false);
          expect(await other.getJob(job.id)).toMatchObject({ state: 'running', leaseOwner: 'w', payload: { x: 1 } });
          expect(await other.claim('w2')).toBeUndefined();
        } finally {
          await other.close();
        }
      });
    }
  });
}
