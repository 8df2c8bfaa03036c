import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkReadiness } from '../../src/app/http/readiness.js';
import { serveHandlers, type Served } from '../helpers/serve-handlers.js';
import { createHarness, example, SECRET, type Harness } from './harness.js';

describe('HTTP: webhooks with a real signature, /healthz, /metrics', () => {
  let h: Harness;
  let served: Served;
  let base: string;
  beforeEach(async () => {
    h = await createHarness();
    served = await serveHandlers([await h.probot.getNodeMiddleware(), ...h.handlers]);
    base = served.base;
  });
  afterEach(async () => {
    await served.close();
    await h.done();
    expect(h.problems).toEqual([]);
  });

  function post(body: string, signature: string, id: string) {
    return fetch(`${base}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': id, 'x-hub-signature-256': signature },
      body,
    });
  }

  it('accepts a signed pull_request delivery, enqueues one job, and refuses a bad signature', async () => {
    const body = JSON.stringify(example('pull_request', 'opened'));
    const good = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const ok = await post(body, good, 'signed-1');
    expect(ok.status).toBe(200);
    const jobs = await h.store.listJobs();
    expect(jobs.map((j) => [j.kind, j.queueKey, j.deliveryId])).toEqual([['sync-pr', 'pkg:Codertocat/Hello-World', 'signed-1']]);

    const bad = await post(body, `sha256=${'0'.repeat(64)}`, 'forged-1');
    expect(bad.status).toBe(400);
    const unsigned = await fetch(`${base}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'x' }, body });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect((await h.store.listJobs()).length).toBe(1);
    expect(await h.store.countDeliveries()).toBe(1);

    const again = await post(body, good, 'signed-1');
    expect(again.status).toBe(200);
    expect((await h.store.listJobs()).length).toBe(1);
  });

  it('answers /healthz and /metrics with deliveries and jobs by state', async () => {
    const body = JSON.stringify(example('pull_request', 'opened'));
    await post(body, `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`, 'm-1');
    await post(body, `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`, 'm-1');
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toMatchObject({ status: expect.stringMatching(/^(ready|not ready)$/), reasons: expect.any(Array) });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('distsync_deliveries_total{event="pull_request",duplicate="false"} 1');
    expect(metrics).toContain('distsync_deliveries_total{event="pull_request",duplicate="true"} 1');
    expect(metrics).toContain('distsync_jobs{state="queued"} 1');
    expect(metrics).toContain('# TYPE distsync_job_duration_seconds histogram');
    await h.store.close(); // the store gone: /healthz says so
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unhealthy' });
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { reasons: string[] }).reasons).toContainEqual(expect.stringMatching(/^store: /));
  });
});

describe('/readyz: the store answers, git runs, the git cache has disk space', () => {
  it('is ready with nothing to report, and says why not: store gone, disk below the threshold, no git', async () => {
    const h = await createHarness();
    try {
      const ready = { store: h.store, cacheDir: join(h.dir, 'cache', 'not-made-yet'), minFreeBytes: 1 };
      expect(await checkReadiness(ready)).toEqual({ ready: true, reasons: [] });
      const full = await checkReadiness({ ...ready, minFreeBytes: Number.MAX_SAFE_INTEGER });
      expect(full.ready).toBe(false);
      expect(full.reasons).toEqual([expect.stringMatching(/^disk: \d+ MB free for the git cache at .*not-made-yet, below DISTSYNC_READY_MIN_FREE_MB=\d+$/)]);
      const path = process.env['PATH'];
      process.env['PATH'] = h.dir; // no git on this PATH
      try {
        expect((await checkReadiness(ready)).reasons).toEqual([expect.stringMatching(/^git: .*ENOENT.*\(install git\)$/)]);
      } finally {
        process.env['PATH'] = path;
      }
      await h.store.close();
      expect((await checkReadiness(ready)).reasons).toEqual([expect.stringMatching(/^store: /)]);
    } finally {
      await h.done().catch(() => undefined);
    }
  });
});

describe('the strict HTTP mock itself', () => {
  it('reports unmatched requests, unused mocks and bodies GitHub would refuse', async () => {
    const h = await createHarness();
    h.github().post('/repos/o/r/check-runs').reply(201, {}).get('/never-called').reply(200, {});
    await fetch('https://api.github.com/repos/o/r/check-runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', head_sha: 'a', colour: 'red' }) });
    await fetch('https://api.github.com/unmocked').catch(() => undefined);
    await h.done();
    expect(h.problems).toEqual([
      'POST /repos/{owner}/{repo}/check-runs: unknown property "colour"',
      'unmatched request: GET /unmocked',
      'unused mock: GET https://api.github.com:443/never-called',
    ]);
  });
});
