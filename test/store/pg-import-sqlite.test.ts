import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { openPgStore } from '../../src/store/pg-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { manualClock } from './manual-clock.js';
import { createTestDatabase } from './pg-helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

const cli = runCliCaptured;

describe('distsync migrate-store --from sqlite:PATH --to postgres://…', () => {
  it('moves deliveries, jobs (ids, states, order), PR links, checks and routes; the queue carries on where it stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'distsync-migrate-store-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const db = await createTestDatabase('distsync_migrate');
    cleanup.push(db.drop);
    const file = join(dir, 'distsync.sqlite');
    const clock = manualClock(10);
    const old = openSqliteStore(file, { clock });
    await old.acceptDelivery({ id: 'd-1', event: 'pull_request', receivedAt: 10 }, [
      { kind: 'sync-pr', queueKey: 'pkg:o/a', supersedeKey: 'sync:o/a#1', payload: { head: 'h1' }, deliveryId: 'd-1' },
      { kind: 'sync-pr', queueKey: 'pkg:o/b', payload: { head: 'b1' }, deliveryId: 'd-1' },
    ]);
    await clock.advance(10);
    const a2 = await old.enqueue({ kind: 'sync-pr', queueKey: 'pkg:o/a', payload: { head: 'h2' } });
    await clock.advance(10);
    const running = await old.claim('old-worker');
    await old.finish(running ?? { id: -1, attempts: 0 }, { state: 'failed', error: 'boom' });
    await old.claim('old-worker');
    const link = { sourceRepo: 'o/a', sourcePr: 1, distRepo: 'o/a-dist', distPr: 5, distBranch: 'distsync/sg-a-1', headRepo: 'o/a-dist', sourceHeadSha: 'a'.repeat(40), distHeadSha: 'b'.repeat(40), checkRunId: 9 };
    await old.savePrLink(link);
    const check = { originKey: 'check_run:3', distRepo: 'o/a-dist', sourceRepo: 'o/a', sourcePr: 1, sourceHeadSha: 'a'.repeat(40), mirrorCheckRunId: 77 };
    await old.saveMirroredCheck(check);
    const route = { sourceRepo: 'o/a', sourceBranch: 'main', distRepo: 'o/a-dist', distBranch: 'rawhide', installationId: 4 };
    await old.savePackageRoute(route);
    const before = await old.listJobs();
    await old.close();

    const res = await cli(['migrate-store', '--from', `sqlite:${file}`, '--to', db.url]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/copied 1 deliveries, 3 jobs, 1 PR links, 1 mirrored checks, 1 package routes/);

    const store = await openPgStore(db.url);
    try {
      expect(await store.listJobs()).toEqual(before);
      expect(await store.acceptDelivery({ id: 'd-1', event: 'pull_request', receivedAt: 40 }, [])).toBe(false);
      expect(await store.getPrLinkByDistBranch('o/a-dist', 'distsync/sg-a-1')).toEqual(link);
      expect(await store.getMirroredCheckByMirrorId(77)).toEqual(check);
      expect(await store.getPackageRoutesByDist('o/a-dist', 'rawhide')).toEqual([route]);
      // pg-boss got the unfinished jobs: package a carries on with its next job; package b's job, running when the old process stopped, runs again.
      const runningBefore = before.find((j) => j.state === 'running');
      expect(runningBefore?.queueKey).toBe('pkg:o/b');
      const claimed = [await store.claim('new'), await store.claim('new')];
      expect(claimed.map((j) => j?.id).sort()).toEqual([a2.id, runningBefore?.id].sort());
      expect(claimed.find((j) => j?.id === runningBefore?.id)).toMatchObject({ attempts: 2, state: 'running' });
      expect(await store.claim('new')).toBeUndefined();
      const fresh = await store.enqueue({ kind: 'k', queueKey: 'pkg:o/c', payload: null });
      expect(fresh.id).toBeGreaterThan(Math.max(...before.map((j) => j.id)));
    } finally {
      await store.close();
    }

    const twice = await cli(['migrate-store', '--from', `sqlite:${file}`, '--to', db.url]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/already has deliveries or jobs/);
  });
});
