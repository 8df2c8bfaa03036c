import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { startFakeGithub, type FakeGithub } from '../fake-github/fake-github.js';
import { freePort, until } from '../scale/scale-harness.js';
import { makeGitFixture, type GitFixture } from './git-fixture.js';

const ENTRY = fileURLToPath(new URL('./app-process.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../scale/cli-entry.ts', import.meta.url));
const TSX = fileURLToPath(import.meta.resolve('tsx'));
const SECRET = 'set-up-test-webhook-secret';

interface Child {
  proc: ChildProcess;
  out: () => string;
}

/** The App process with exactly this environment (nothing inherited), in `cwd`. */
function startApp(cwd: string, env: Record<string, string>, args: string[] = [ENTRY]): Child {
  const proc = spawn(process.execPath, ['--import', TSX, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (d: Buffer) => {
    if (text.length < 50_000) text += d.toString();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { proc, out: () => text };
}

const exited = (c: Child) => new Promise<number | null>((r) => (c.proc.exitCode !== null ? r(c.proc.exitCode) : c.proc.once('exit', (code) => r(code))));

describe('set-up that just works: the real App process against a GitHub Enterprise-style host', () => {
  let dir: string;
  let fx: GitFixture;
  let fake: FakeGithub;
  let key: { privateKey: string; publicKey: string };
  const children: Child[] = [];
  beforeAll(async () => {
    dir = tempDir('app-setup');
    fx = await makeGitFixture(join(dir, 'fixture'));
    key = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    // The App is registered as "pkg-sync": its bot login is not the default "distsync[bot]".
    fake = await startFakeGithub({ dir: join(dir, 'github'), appId: 31, appSlug: 'pkg-sync', appPublicKey: key.publicKey, secret: SECRET });
    // The source-git base branch is main here: map it to rawhide.
    git(fx.sourceGit, 'checkout', '-q', 'main');
    const config = join(fx.sourceGit, '.distro/source-git.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('master: [rawhide]', 'main: [rawhide]'));
    git(fx.sourceGit, 'commit', '-q', '-am', 'distsync: sync main into rawhide');
    fake.createRepo('Codertocat/Hello-World', { from: fx.sourceGit, defaultBranch: 'main', collaborators: { alice: 'write' } });
    fake.createRepo('Codertocat/hello-dist', { from: fx.distRemote, defaultBranch: 'rawhide' });
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await fake?.close();
    removeDirs(dir);
  });

  it('starts with only GHE_HOST, APP_ID, the private key and the webhook secret, and syncs a pull request into dist-git', async () => {
    const cwd = join(dir, 'run');
    mkdirSync(cwd);
    const port = await freePort();
    const host = new URL(fake.url).host;
    // GHE_PROTOCOL=http only because the fake host speaks plain HTTP; PORT picks a free port; PATH finds git; HOME is empty.
    const app = startApp(cwd, { GHE_HOST: host, GHE_PROTOCOL: 'http', APP_ID: '31', PRIVATE_KEY: key.privateKey, WEBHOOK_SECRET: SECRET, PORT: String(port), PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd });
    children.push(app);
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/readyz`).then((r) => r.status, () => 0)) === 200, 60_000, () => `the App to be ready\n${app.out()}`);

    const alice = fake.as('alice');
    const work = join(dir, 'alice');
    await alice.git(dir, 'clone', '-q', `${fake.url}/Codertocat/Hello-World.git`, work);
    git(work, 'checkout', '-q', '-b', 'fix-news');
    writeFileSync(join(work, 'NEWS'), `${readFileSync(join(work, 'NEWS'), 'utf8')}\ndownstream: a fix\n`);
    git(work, '-c', 'user.name=Alice', '-c', 'user.email=alice@example.com', 'commit', '-q', '-am', 'NEWS: a downstream fix');
    await alice.git(work, 'push', '-q', 'origin', 'fix-news');
    const pr = alice.openPull('Codertocat/Hello-World', { title: 'A downstream fix', head: 'fix-news', base: 'main' });
    const post = async (d: { id: string; name: string; body: string; signature: string }) => {
      const res = await fetch(`${base}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': d.name, 'x-github-delivery': d.id, 'x-hub-signature-256': d.signature }, body: d.body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook ${d.name} ${d.id}: HTTP ${res.status}\n${app.out()}`);
    };
    await fake.deliver(post);

    const distPull = () => fake.state.pulls.find((p) => p.repo === 'Codertocat/hello-dist' && p.state === 'open');
    await until(() => distPull() !== undefined, 120_000, () => `the dist-git PR\n${app.out()}\n${fake.problems.join('\n')}`);
    const check = () => fake.state.checkRuns.find((c) => c.repo === 'Codertocat/Hello-World' && c.headSha === pr.headSha && c.name === 'distsync / dist-git');
    await until(() => check()?.status === 'completed', 60_000, () => `the check run\n${app.out()}`);
    expect(check()).toMatchObject({ conclusion: 'success', app: 'pkg-sync' });
    expect(distPull()?.body).toContain(`${fake.url}/Codertocat/Hello-World/pull/${pr.number}`);
    const distDir = fake.state.repos.get('Codertocat/hello-dist')!.dir;
    expect(git(distDir, 'log', '-1', '--format=%B', distPull()!.headRef)).toContain(`From-source-git-commit: ${pr.headSha}`);

    // The App's own push to the dist-git branch comes back as a webhook: the login read with GET /app makes it ignore it.
    await fake.deliver(post);
    // All state under ./distsync-data, private to the App's user.
    const data = join(cwd, 'distsync-data');
    expect(statSync(data).mode & 0o777).toBe(0o700);
    const store = openSqliteStore(join(data, 'distsync.sqlite'));
    try {
      await until(async () => (await store.listJobs()).every((j) => j.state !== 'queued' && j.state !== 'running'), 60_000, () => `the queue to drain\n${app.out()}`);
      const jobs = await store.listJobs();
      expect(jobs.filter((j) => j.kind === 'sync-pr' && (j.payload as { sourceRepo: string }).sourceRepo === 'Codertocat/Hello-World').map((j) => j.state)).toEqual(['done']);
      expect(jobs.filter((j) => j.kind === 'sync-back')).toEqual([]);
    } finally {
      await store.close();
    }
    expect(await (await fetch(`${base}/status`)).text()).toContain('Codertocat/Hello-World#1');
    app.proc.kill('SIGTERM');
    expect(fake.problems).toEqual([]);
    // The login came from GET /app on the configured host (DISTSYNC_BOT_LOGIN is not set), tokens from its installation.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/app').length).toBe(1);
    expect(fake.requests.filter((r) => r.path.includes('access_tokens')).length).toBeGreaterThan(0);
  }, 240_000);

  it('`npm start` with a bad value prints the message and exits 2, without a stack trace', async () => {
    const cwd = join(dir, 'bad');
    mkdirSync(cwd);
    const app = startApp(cwd, { GHE_HOST: 'https://ghe.example.com', APP_ID: '31', PRIVATE_KEY: key.privateKey, WEBHOOK_SECRET: SECRET, PORT: String(await freePort()), PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd });
    children.push(app);
    expect(await exited(app)).toBe(2);
    expect(app.out()).toContain('error: GHE_HOST=https://ghe.example.com: must be a host name with an optional :port');
    expect(app.out()).toContain('next: fix GHE_HOST');
    expect(app.out()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('`distsync web` and `distsync worker` refuse a bad value or missing credentials the same way (exit 2, message, no stack trace)', async () => {
    const cwd = join(dir, 'bad-cli');
    mkdirSync(cwd);
    const base = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd };
    const web = startApp(cwd, { ...base, APP_ID: '31', PRIVATE_KEY: key.privateKey, WEBHOOK_SECRET: SECRET, DISTSYNC_RETENTION_DAYS: 'a month' }, [CLI, 'web']);
    const worker = startApp(cwd, base, [CLI, 'worker']);
    children.push(web, worker);
    expect(await exited(web)).toBe(2);
    expect(web.out()).toContain('error: DISTSYNC_RETENTION_DAYS=a month: must be a whole number of days');
    expect(await exited(worker)).toBe(2);
    expect(worker.out()).toContain("error: the GitHub App's APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH are not set");
    for (const c of [web, worker]) expect(c.out()).not.toMatch(/\n\s+at /);
  }, 60_000);
});
