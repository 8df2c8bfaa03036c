import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';

/**
 * The rules every Store backend keeps. Call from a backend's test file with a
 * factory that returns a fresh, empty store (and may return the same backing
 * file twice via `reopen` to test persistence).
 */
export interface StoreFactory {
  name: string;
  create(): Promise<Store>;
  /** A second handle on the same data (another process would see this). */
  reopen?(): Promise<Store>;
}

const LEASE = 30_000;

export function storeContract(factory: StoreFactory): void {
  describe(`Store contract: ${factory.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('accepts a delivery once with its jobs and refuses the duplicate, enqueuing nothing for it', async () => {
      const job = { kind: 'sync', queueKey: 'p', payload: { n: 1 }, deliveryId: 'd-1' };
      expect(await store.acceptDelivery({ id: 'd-1', event: 'pull_request', receivedAt: 1 }, [job, { ...job, queueKey: 'q' }])).toBe(true);
      expect(await store.acceptDelivery({ id: 'd-1', event: 'pull_request', receivedAt: 2 }, [job])).toBe(false);
      expect(await store.acceptDelivery({ id: 'd-2', event: 'push', receivedAt: 3 }, [])).toBe(true);
      expect(await store.countDeliveries()).toBe(2);
      const jobs = await store.listJobs();
      expect(jobs.map((j) => [j.queueKey, j.deliveryId, j.createdAt, j.state])).toEqual([['p', 'd-1', 1, 'queued'], ['q', 'd-1', 1, 'queued']]);
    });

    it('enqueues and claims a job, keeping its payload', async () => {
      const job = await store.enqueue({ kind: 'sync', queueKey: 'pkg-a', payload: { pr: 7, list: [1, 'x'] } }, 1000);
      expect(job).toMatchObject({ state: 'queued', attempts: 0, runAt: 1000 });
      const claimed = await store.claim({ worker: 'w1', now: 1000, leaseMs: LEASE });
      expect(claimed).toMatchObject({ id: job.id, state: 'running', attempts: 1, leaseOwner: 'w1', leaseExpiresAt: 1000 + LEASE });
      expect(claimed?.payload).toEqual({ pr: 7, list: [1, 'x'] });
      expect(await store.claim({ worker: 'w2', now: 1001, leaseMs: LEASE })).toBeUndefined();
    });

    it('runs jobs of one queue key one at a time in order, other keys in parallel', async () => {
      const a1 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: 1 }, 0);
      const a2 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: 2 }, 0);
      const b1 = await store.enqueue({ kind: 'k', queueKey: 'b', payload: 3 }, 0);
      const first = await store.claim({ worker: 'w1', now: 10, leaseMs: LEASE });
      const second = await store.claim({ worker: 'w2', now: 10, leaseMs: LEASE });
      expect([first?.id, second?.id]).toEqual([a1.id, b1.id]);
      expect(await store.claim({ worker: 'w3', now: 10, leaseMs: LEASE })).toBeUndefined();
      expect(await store.finish(a1.id, 'w1', { state: 'done' }, 11)).toBe(true);
      expect((await store.claim({ worker: 'w3', now: 12, leaseMs: LEASE }))?.id).toBe(a2.id);
    });

    it('does not claim a job before its runAt and keeps later jobs of the key waiting', async () => {
      const a1 = await store.enqueue({ kind: 'k', queueKey: 'a', payload: 1 }, 0);
      await store.enqueue({ kind: 'k', queueKey: 'a', payload: 2 }, 0);
      await store.claim({ worker: 'w1', now: 0, leaseMs: LEASE });
      expect(await store.finish(a1.id, 'w1', { state: 'retry', error: 'HTTP 502', runAt: 5000 }, 1)).toBe(true);
      expect(await store.claim({ worker: 'w1', now: 4999, leaseMs: LEASE })).toBeUndefined();
      const again = await store.claim({ worker: 'w1', now: 5000, leaseMs: LEASE });
      expect(again).toMatchObject({ id: a1.id, attempts: 2, lastError: 'HTTP 502' });
    });

    it('lets another worker take a job whose lease expired, and not before', async () => {
      const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null }, 0);
      await store.claim({ worker: 'dead', now: 0, leaseMs: 100 });
      expect(await store.claim({ worker: 'w2', now: 99, leaseMs: 100 })).toBeUndefined();
      const taken = await store.claim({ worker: 'w2', now: 100, leaseMs: 100 });
      expect(taken).toMatchObject({ id: job.id, leaseOwner: 'w2', attempts: 2 });
      expect(await store.heartbeat(job.id, 'dead', 101, 100)).toBe(false);
      expect(await store.finish(job.id, 'dead', { state: 'done' }, 101)).toBe(false);
      expect(await store.heartbeat(job.id, 'w2', 150, 100)).toBe(true);
      expect(await store.claim({ worker: 'w3', now: 201, leaseMs: 100 })).toBeUndefined();
      expect(await store.finish(job.id, 'w2', { state: 'done' }, 202)).toBe(true);
      expect(await store.getJob(job.id)).toMatchObject({ state: 'done', finishedAt: 202 });
    });

    it('fails a job whose lease expired once attempts are used up, and frees its key', async () => {
      const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null, maxAttempts: 1 }, 0);
      const next = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null }, 0);
      await store.claim({ worker: 'dead', now: 0, leaseMs: 10 });
      const taken = await store.claim({ worker: 'w2', now: 10, leaseMs: 10 });
      expect(taken?.id).toBe(next.id);
      const failed = await store.getJob(job.id);
      expect(failed?.state).toBe('failed');
      expect(failed?.lastError).toMatch(/lease expired after 1 attempt/);
    });

    it('supersedes queued jobs with the same key and tells a running one it is stale', async () => {
      const j1 = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-1', payload: 'sha1' }, 0);
      await store.claim({ worker: 'w', now: 0, leaseMs: LEASE });
      const j2 = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-1', payload: 'sha2' }, 1);
      const j3 = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-1', payload: 'sha3' }, 2);
      const other = await store.enqueue({ kind: 'sync', queueKey: 'p', supersedeKey: 'pr-2', payload: 'x' }, 3);
      expect(await store.isSuperseded(j1.id)).toBe(true);
      expect(await store.isSuperseded(j3.id)).toBe(false);
      expect((await store.getJob(j2.id))?.state).toBe('superseded');
      expect((await store.getJob(j1.id))?.state).toBe('running');
      await store.finish(j1.id, 'w', { state: 'superseded' }, 4);
      expect((await store.claim({ worker: 'w', now: 5, leaseMs: LEASE }))?.id).toBe(j3.id);
      await store.finish(j3.id, 'w', { state: 'done' }, 6);
      expect((await store.claim({ worker: 'w', now: 7, leaseMs: LEASE }))?.id).toBe(other.id);
    });

    it('records failures and counts jobs by state', async () => {
      const a = await store.enqueue({ kind: 'k', queueKey: 'a', payload: null }, 0);
      await store.enqueue({ kind: 'k', queueKey: 'b', payload: null }, 0);
      await store.claim({ worker: 'w', now: 0, leaseMs: LEASE });
      await store.finish(a.id, 'w', { state: 'failed', error: 'boom' }, 1);
      expect(await store.getJob(a.id)).toMatchObject({ state: 'failed', lastError: 'boom' });
      expect(await store.countJobsByState()).toEqual({ queued: 1, running: 0, done: 0, failed: 1, superseded: 0 });
      expect((await store.listJobs({ state: 'failed' })).map((j) => j.id)).toEqual([a.id]);
      expect((await store.listJobs({ queueKey: 'b' })).length).toBe(1);
    });

    it('never hands one job to two concurrent claimers', async () => {
      for (let i = 0; i < 10; i++) await store.enqueue({ kind: 'k', queueKey: `q${i}`, payload: i }, 0);
      const claims = await Promise.all(
        Array.from({ length: 15 }, (_, i) => store.claim({ worker: `w${i}`, now: 0, leaseMs: LEASE })),
      );
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
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps everything across a reopen (another process sees it)', async () => {
        await store.acceptDelivery({ id: 'd', event: 'push', receivedAt: 0 }, []);
        const job = await store.enqueue({ kind: 'k', queueKey: 'a', payload: { x: 1 } }, 0);
        await store.claim({ worker: 'w', now: 0, leaseMs: LEASE });
        const other = await reopen();
        try {
          expect(await other.acceptDelivery({ id: 'd', event: 'push', receivedAt: 1 }, [])).toBe(false);
          expect(await other.getJob(job.id)).toMatchObject({ state: 'running', leaseOwner: 'w', payload: { x: 1 } });
          expect(await other.claim({ worker: 'w2', now: 1, leaseMs: LEASE })).toBeUndefined();
        } finally {
          await other.close();
        }
      });
    }
  });
}
