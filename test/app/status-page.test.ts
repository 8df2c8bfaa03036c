import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { contentResponse, createHarness, example, mockOpenPull, mockToken, receive, type Harness } from './harness.js';
import { makeGitFixture, type GitFixture } from './git-fixture.js';

const SG = '/repos/Codertocat/Hello-World';
const CONFIG = `${SG}/contents/.distro%2Fsource-git.yaml`;
/** Screenshots are kept here (gitignored) for a person to look at after a run. */
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** Debian's chromium, headless: what a browser makes of the page (DOM after parsing and layout) and a phone-sized screenshot. */
function chromium(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars', ...args], { timeout: 60_000, maxBuffer: 10 * 1024 * 1024 }, (e, out, err) =>
      e ? reject(new Error(`chromium failed (apt-get install chromium chromium-driver; .ci/run does): ${e.message}\n${err.slice(-2000)}`)) : resolve(out),
    );
  });
}

async function serve(h: Harness): Promise<{ server: Server; base: string }> {
  const server = createServer(async (req, res) => {
    for (const handler of h.handlers) if (await handler(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('/status: recent jobs by package, failing first, in a real headless Chromium', () => {
  let fx: GitFixture;
  let h: Harness;
  let server: Server;
  let base = '';
  beforeAll(async () => {
    fx = await makeGitFixture(tempDir('app-status'));
  });
  afterAll(() => removeDirs(fx.dir));
  beforeEach(async () => {
    h = await createHarness({ engine: { updateDistGit, updateSourceGit, proposeDownstream } });
    h.deps.workspace = { cacheDir: join(fx.dir, `cache-${Date.now()}`), gitBaseUrl: 'https://github.com', config: fx.gitConfig };
    ({ server, base } = await serve(h));
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    await h.done();
    expect(h.problems).toEqual([]);
  });

  it('shows the error of a sync that failed (a binary file in a PR), the package first, with its PR link; a phone-sized screenshot is kept', async () => {
    // A contributor adds a binary file: a spec cannot carry it as a patch, so the sync fails for good.
    writeFileSync(join(fx.sourceGit, 'logo.bin'), Buffer.from([0, 1, 2, 255, 0, 7, 0, 0, 200]));
    git(fx.sourceGit, 'add', 'logo.bin');
    git(fx.sourceGit, 'commit', '-q', '-m', 'Add a logo');
    const sha = git(fx.sourceGit, 'rev-parse', 'HEAD').trim();
    git(fx.sourceGit, 'push', '-q', '--force', fx.sourceRemote, 'HEAD:refs/pull/5/head');
    git(fx.sourceGit, 'reset', '-q', '--hard', 'HEAD~1');
    await h.store.enqueue({ kind: 'no-handler-yet', queueKey: 'pkg:Codertocat/quiet', payload: null });
    const done = await h.store.claim('w');
    await h.store.finish({ id: done!.id, attempts: 1 }, { state: 'done' });

    mockOpenPull(mockToken(h.github()).get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(fx.configText)), 'Codertocat/Hello-World', 5, sha)
      .post(`${SG}/check-runs`).reply(201, { id: 51 })
      .patch(`${SG}/check-runs/51`).times(2).reply(200, { id: 51 });
    const p = example('pull_request', 'opened');
    p.number = 5;
    p.pull_request.number = 5;
    p.pull_request.head.sha = sha;
    p.pull_request.base.ref = 'master';
    await receive(h, 'pull_request', p);
    await h.app.worker().drain();
    const failed = (await h.store.listJobs({ state: 'failed' }))[0];
    expect(failed?.lastError).toBeTruthy();

    const dom = await chromium(['--dump-dom', `${base}/status`]);
    const sections = [...dom.matchAll(/<section class="(failing|ok)" data-package="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(sections).toEqual([
      ['failing', 'Codertocat/Hello-World'],
      ['ok', 'Codertocat/quiet'],
    ]);
    const firstLine = (failed?.lastError ?? '').split('\n')[0] ?? '';
    expect(dom).toContain(firstLine.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(dom).toContain('<span class="state failed">failed</span> sync-pr');
    expect(dom).toContain('href="https://github.com/Codertocat/Hello-World/pull/5"');
    expect(dom).toMatch(/<span id="deliveries-minute">1<\/span> in the last minute/);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'status-page-phone.png');
    await chromium(['--window-size=390,844', `--screenshot=${shot}`, `${base}/status`]);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(shot).size).toBeGreaterThan(5_000);
  }, 120_000);
});

describe('/status: escaped, no secrets, optional basic auth', () => {
  it('escapes what jobs carry, hides tokens in errors, links the dist-git PR and check run', async () => {
    const h = await createHarness();
    const { server, base } = await serve(h);
    try {
      const job = await h.store.enqueue({ kind: 'sync-pr', queueKey: 'pkg:o/<b>pkg</b>', payload: { installationId: 1, sourceRepo: 'o/r', pr: 3, headSha: 'a', baseRef: 'main' } });
      await h.store.claim('w');
      const leak = 'fatal: https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r.git <script>alert(1)</script>\nAuthorization: basic eC1hY2Nlc3MtdG9rZW46Z2hz';
      await h.store.finish({ id: job.id, attempts: 1 }, { state: 'failed', error: leak });
      await h.store.savePrLink({ sourceRepo: 'o/r', sourcePr: 3, distRepo: 'o/r-dist', distPr: 9, distBranch: 'distsync/sg-r-3', headRepo: 'o/r-dist', sourceHeadSha: 'a', distHeadSha: 'b', checkRunId: 77 });
      const res = await fetch(`${base}/status`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain('o/&lt;b&gt;pkg&lt;/b&gt;');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<script');
      expect(html).not.toContain('ghs_abcdefghijklmnopqrstuvwxyz0123');
      expect(html).not.toContain('eC1hY2Nlc3MtdG9rZW46Z2hz');
      expect(html).toContain('href="https://github.com/o/r-dist/pull/9"');
      expect(html).toContain('href="https://github.com/o/r/runs/77"');
    } finally {
      await new Promise((r) => server.close(r));
      await h.done();
    }
  });

  it('answers 401 without the right basic auth when DISTSYNC_STATUS_USER/PASSWORD are set', async () => {
    const { httpHandlers } = await import('../../src/app/http/http-handlers.js');
    const { createMetrics } = await import('../../src/app/http/metrics.js');
    const h = await createHarness();
    const handler = httpHandlers({ metrics: createMetrics(h.store), healthy: async () => true, ready: async () => ({ ready: true, reasons: [] }), statusPage: async () => '<p>page</p>', statusAuth: { user: 'ops', password: 'pw' } });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
    try {
      const none = await fetch(url);
      expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="distsync status", charset="UTF-8"']);
      expect((await fetch(url, { headers: { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` } });
      expect([ok.status, await ok.text()]).toEqual([200, '<p>page</p>']);
    } finally {
      await new Promise((r) => server.close(r));
      await h.done();
    }
  });
});
