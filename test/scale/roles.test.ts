import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.js';
import { createTestDatabase } from '../store/pg-helpers.js';
import { CLI, deliver, freePort, privateKey, SECRET, spawnTs, until } from './scale-harness.js';

describe('process roles on PostgreSQL', () => {
  const children: ChildProcess[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it('`distsync worker` runs jobs from the shared store, serves /healthz, /readyz, /status and /metrics, and stops cleanly on SIGTERM', async () => {
    const db = await createTestDatabase('distsync_roles');
    cleanup.push(db.drop);
    const dir = mkdtempSync(join(tmpdir(), 'distsync-roles-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const store = await openPgStore(db.url);
    cleanup.push(() => store.close());
    const job = await store.enqueue({ kind: 'no-such-kind', queueKey: 'pkg:o/a', payload: null });
    const port = await freePort();
    const worker = spawnTs(CLI, ['worker'], {
      ...process.env,
      DISTSYNC_WORKER_PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      APP_ID: '1',
      PRIVATE_KEY: privateKey(),
      WEBHOOK_SECRET: SECRET,
      DISTSYNC_DATA_DIR: dir,
      DISTSYNC_BOT_LOGIN: 'distsync[bot]',
    });
    children.push(worker);
    await until(async () => (await store.getJob(job.id))?.state === 'failed', 30_000, () => `the worker to run job ${job.id}\n${worker.errText()}`);
    expect(await store.getJob(job.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'no handler for job kind "no-such-kind"' });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', reasons: [] }]);
    const status = await (await fetch(`http://127.0.0.1:${port}/status`)).text();
    expect(status).toContain('no handler for job kind &quot;no-such-kind&quot;');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('distsync_jobs{state="failed"} 1');
    expect(metrics).toMatch(/distsync_job_duration_seconds_count\{kind="no-such-kind",outcome="failed"\} 1/);
    expect((await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', body: '{}' })).status).toBe(404);
    // dist-git forges' webhooks go to `distsync web` too, never to a worker's port
    const forge = await fetch(`http://127.0.0.1:${port}/forge-webhooks/gitlab.com`, { method: 'POST', body: '{}' });
    expect([forge.status, await forge.text()]).toEqual([404, 'distsync worker: only /healthz, /readyz, /metrics and /status here\n']);
    worker.kill('SIGTERM');
    const code = await new Promise((r) => worker.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  }, 60_000);

  it('`distsync web` takes deliveries into the shared store and exits on SIGTERM (its pg-boss released)', async () => {
    const db = await createTestDatabase('distsync_roles_web');
    cleanup.push(db.drop);
    const dir = mkdtempSync(join(tmpdir(), 'distsync-roles-web-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const web = spawnTs(CLI, ['web'], { ...process.env, DATABASE_URL: db.url, APP_ID: '1', PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'error', DISTSYNC_DATA_DIR: dir, DISTSYNC_BOT_LOGIN: 'distsync[bot]' });
    children.push(web);
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0)) === 200, 30_000, () => `web on ${port}\n${web.errText()}`);
    const body = JSON.stringify({ action: 'opened', installation: { id: 1 }, repository: { full_name: 'o/a', name: 'a', owner: { login: 'o' } }, pull_request: { number: 1, head: { sha: 'a'.repeat(40), ref: 't' }, base: { ref: 'main' } }, sender: { login: 'dev', type: 'User' } });
    expect(await deliver(port, 'roles-web-1', 'pull_request', body)).toBe(200);
    // the dist-git forges' endpoint is mounted (this App lists no such host: 404 naming it)
    const forge = await fetch(`http://127.0.0.1:${port}/forge-webhooks/gitlab.com`, { method: 'POST', body: '{}' });
    expect([forge.status, await forge.json()]).toEqual([404, { error: "no dist-git host gitlab.com in the App's hosts file" }]);
    const exited = new Promise<number | null>((r) => web.once('exit', (c) => r(c)));
    web.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running 15 s after SIGTERM'), 15_000))]);
    expect(code, web.errText()).toBe(0);
    const store = await openPgStore(db.url);
    try {
      expect(await store.listJobs()).toMatchObject([{ kind: 'sync-pr', queueKey: 'pkg:o/a', deliveryId: 'roles-web-1', state: 'queued' }]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
