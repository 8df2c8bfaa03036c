/**
 * App speed, two numbers (issue 3):
 *  1. webhook accept latency under load: the App's web process (probot's `run`, worker off)
 *     on 127.0.0.1, signed pull_request.synchronize deliveries at BENCH_RATE/s (500) for
 *     BENCH_SECONDS (60); p50/p99 until the 2xx, non-2xx, errors, and every 2xx found in the store;
 *  2. one sync job (what the worker runs for a pull_request event) on zlib with local bare
 *     remotes and a warm mirror, GitHub answered by a stub on 127.0.0.1: p50 over BENCH_SYNC_RUNS (10).
 * Run: npm run bench:app. Traffic goes to 127.0.0.1 only; git remotes are local directories.
 */
import { fork } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import examples from '@octokit/webhooks-examples';
import { Probot, ProbotOctokit } from 'probot';
import { createMemoryLogger } from '../src/core/log.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { createDistsyncApp } from '../src/app/create-app.js';
import { initSourceGit } from '../src/sync/init-source-git.js';
import { updateDistGit } from '../src/sync/update-dist-git.js';
import { updateSourceGit } from '../src/sync/update-source-git.js';
import { proposeDownstream } from '../src/sync/propose-downstream.js';
import { git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../test/helpers/corpus.js';
import { startGithubStub } from './github-stub.js';
import { webhookLoad, type LoadResult } from './webhook-load.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const RATE = Number(process.env['BENCH_RATE'] ?? 500);
const SYNC_RUNS = Math.min(50, Number(process.env['BENCH_SYNC_RUNS'] ?? 10));
const SECRET = 'bench-webhook-secret';
const INSTALLATION = 4242;
const key = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

type Examples = { name: string; examples: Record<string, any>[] }[];
function example(name: string, action: string): Record<string, any> {
  const found = (examples as unknown as Examples).find((w) => w.name === name)?.examples.find((e) => e['action'] === action);
  if (!found) throw new Error(`no example ${name}.${action}`);
  return { ...structuredClone(found), installation: { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' } };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `prs` = how many pull requests the deliveries are spread over (1: every delivery supersedes the last one's job). */
async function webhookBench(prs: number): Promise<LoadResult & { prs: number; recorded: number; rate: number; seconds: number }> {
  const dir = tempDir('bench-app-web');
  const port = await freePort();
  const db = join(dir, 'state.sqlite');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'production',
    APP_ID: '1', PRIVATE_KEY: key, WEBHOOK_SECRET: SECRET, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn',
    DISTSYNC_DB: db, DISTSYNC_DATA_DIR: dir, DISTSYNC_BOT_LOGIN: 'distsync[bot]',
  };
  const child = fork(fileURLToPath(new URL('./app-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the App did not start in 30 s')), 30_000);
      child.once('message', () => (clearTimeout(t), resolve()));
      child.once('exit', (c) => reject(new Error(`the App exited (${c})`)));
    });
    const base = example('pull_request', 'synchronize');
    const bodies = Array.from({ length: prs }, (_, i) => {
      base['number'] = i + 1;
      base['pull_request'].number = i + 1;
      return JSON.stringify(base);
    });
    const load = { port, secret: SECRET, bodies, sockets: 64 };
    const warm = await webhookLoad({ ...load, rate: 100, seconds: 2 });
    const res = await webhookLoad({ ...load, rate: RATE, seconds: SECONDS });
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
    const store = openSqliteStore(db);
    const recorded = (await store.countDeliveries()) - warm.ok;
    await store.close();
    return { ...res, prs, recorded, rate: RATE, seconds: SECONDS };
  } finally {
    if (child.exitCode === null) child.kill();
    removeDirs(dir);
  }
}

const DISTSYNC_KEY = `distsync:
  dist_git:
    repo: bench/zlib-dist
    branches:
      main: [rawhide]
`;

async function syncBench() {
  const dir = tempDir('bench-app-sync');
  const log = createMemoryLogger();
  let stub: Awaited<ReturnType<typeof startGithubStub>> | undefined;
  try {
    const distGit = makeDistGit(dir, 'zlib');
    const sourceGit = join(dir, 'source-git');
    mkdirSync(sourceGit);
    await initSourceGit({ log }, { upstreamRef: 'v1.2.11', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: makeLookaside(dir, 'zlib'), fromTarball: true });
    const cfg = join(sourceGit, '.distro/source-git.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8') + DISTSYNC_KEY);
    git(sourceGit, 'commit', '-q', '-am', 'distsync: configure the App');
    const configText = readFileSync(cfg, 'utf8');
    const remotes = join(dir, 'remotes');
    mkdirSync(join(remotes, 'bench'), { recursive: true });
    const sourceRemote = join(remotes, 'bench/zlib.git');
    const distRemote = join(remotes, 'bench/zlib-dist.git');
    git(dir, 'clone', '-q', '--bare', sourceGit, sourceRemote);
    git(dir, 'clone', '-q', '--bare', distGit, distRemote);
    git(distRemote, 'branch', '-m', git(distGit, 'branch', '--show-current').trim(), 'rawhide');
    stub = await startGithubStub({ 'bench/zlib:.distro/source-git.yaml': configText });
    const stubFiles = stub;
    const store = openSqliteStore(join(dir, 'state.sqlite'));
    const probot = new Probot({
      appId: 1, privateKey: key, secret: SECRET, baseUrl: stubFiles.url, logLevel: 'fatal',
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
    });
    const app = createDistsyncApp(
      {
        store, log, now: Date.now, botLogin: 'distsync[bot]', webBaseUrl: 'https://github.com', lookasideDir: join(dir, 'lookaside-store'),
        workspace: { cacheDir: join(dir, 'cache'), gitBaseUrl: 'https://github.com', config: [`url.file://${remotes}/.insteadOf=https://github.com/`] },
        engine: { updateDistGit, updateSourceGit, proposeDownstream },
      },
      { startWorker: false },
    );
    await probot.load(app.appFn, { cwd: dir, addHandler: () => undefined });
    git(sourceGit, 'checkout', '-q', '-b', 'pr-work');
    const times: number[] = [];
    for (let i = 0; i <= SYNC_RUNS; i++) {
      appendFileSync(join(sourceGit, 'ChangeLog'), `\nbench change ${i}\n`);
      git(sourceGit, 'commit', '-q', '-am', `bench: change ${i}`);
      const sha = git(sourceGit, 'rev-parse', 'HEAD').trim();
      git(sourceGit, 'push', '-q', '--force', sourceRemote, 'HEAD:refs/pull/2/head');
      const p = example('pull_request', i === 0 ? 'opened' : 'synchronize');
      p['repository'].full_name = 'bench/zlib';
      p['pull_request'].number = 2;
      p['pull_request'].head.sha = sha;
      p['pull_request'].base.ref = 'main';
      await probot.receive({ id: `bench-${i}`, name: 'pull_request', payload: p } as Parameters<Probot['receive']>[0]);
      const t0 = performance.now();
      await app.worker().drain();
      const ms = performance.now() - t0;
      const [job] = await store.listJobs({ state: 'failed' });
      if (job) throw new Error(`the sync job failed: ${job.lastError}`);
      if (!git(distRemote, 'log', '-1', '--format=%B', 'distsync/sg-zlib-2').includes(`From-source-git-commit: ${sha}`)) throw new Error('the dist-git branch was not pushed');
      if (i > 0) times.push(ms); // run 0 clones the mirrors (cold); the rest fetch into them (warm)
      else console.log(`sync job, cold mirror: ${ms.toFixed(0)} ms`);
    }
    await store.close();
    if (stubFiles.unexpected.length) throw new Error(`unexpected GitHub calls: ${stubFiles.unexpected.join(', ')}`);
    return { runs: times.length, p50Ms: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), githubCalls: stubFiles.calls.length };
  } finally {
    await stub?.close();
    removeDirs(dir);
  }
}

const web = [];
for (const prs of [1, 1000]) {
  web.push(await webhookBench(prs));
  console.log(`webhook accept, ${prs} PR(s):`, JSON.stringify(web.at(-1)));
}
const sync = await syncBench();
console.log('sync job:', JSON.stringify(sync));
const out = fileURLToPath(new URL('./app-results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, webhook: web, sync }, null, 2)}\n`);
console.log(`results in ${out}`);
