/**
 * `npm run bench:scale`: the App's state layer on PostgreSQL (several processes) versus
 * the SQLite default, with real processes on this machine:
 *  - deliveries accepted per second by `distsync web` (signed POSTs, 16 in flight);
 *  - jobs completed per second by 1, 2 and 4 worker processes (2 jobs at a time each,
 *    no-op jobs over 50 packages, so this is the queue's own cost);
 *  - the queue's overhead per job, enqueue → start, p50/p99, one job every 25 ms on an
 *    idle worker, at the App's default poll (1 s) and at 50 ms.
 * Needs PostgreSQL (DISTSYNC_BENCH_PG, default postgres://postgres@127.0.0.1:5432).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/types.js';

const SERVER = process.env['DISTSYNC_BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432';
const CLI = fileURLToPath(new URL('./scale-cli.ts', import.meta.url));
const WORKER = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));
const SECRET = 'bench-secret';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const DELIVERIES = 1000;
const JOBS = 2000;
const LATENCY_JOBS = 200;

interface Backend {
  name: string;
  /** A fresh, empty store location and how to remove it. */
  fresh(): Promise<{ where: string; env: Record<string, string>; drop: () => Promise<void> }>;
}

const tmp = mkdtempSync(join(tmpdir(), 'distsync-bench-scale-'));
let n = 0;
const backends: Backend[] = [
  {
    name: 'SQLite (default)',
    fresh: async () => {
      const file = join(tmp, `bench-${n++}.sqlite`);
      return { where: `sqlite:${file}`, env: { DISTSYNC_DB: file }, drop: async () => undefined };
    },
  },
  {
    name: 'PostgreSQL',
    fresh: async () => {
      const name = `distsync_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = `${SERVER}/${name}`;
      return { where: url, env: { DATABASE_URL: url }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
  },
];

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function open(where: string): Promise<Store> {
  return openStore(where.startsWith('sqlite:') ? { sqliteFile: where.slice('sqlite:'.length) } : { databaseUrl: where, sqliteFile: '' });
}

function start(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }),
  );
}

async function until(what: () => Promise<boolean>, ms = 300_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function deliveriesPerSecond(b: Backend): Promise<number> {
  const loc = await b.fresh();
  const port = await freePort();
  const web = start(CLI, ['web'], { ...loc.env, APP_ID: '1', PRIVATE_KEY: KEY, WEBHOOK_SECRET: SECRET, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'error', DISTSYNC_DATA_DIR: tmp, DISTSYNC_BOT_LOGIN: 'distsync[bot]' });
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0)) === 200, 60_000);
    const bodies = Array.from({ length: DELIVERIES }, (_, i) =>
      JSON.stringify({
        action: 'opened',
        installation: { id: 1 },
        repository: { full_name: `org/pkg-${i % 50}`, name: `pkg-${i % 50}`, owner: { login: 'org' } },
        pull_request: { number: i, head: { sha: createHmac('sha1', 'x').update(String(i)).digest('hex'), ref: 't' }, base: { ref: 'main' } },
        sender: { login: 'dev', type: 'User' },
      }),
    );
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < DELIVERIES; i = next++) {
          const body = bodies[i] as string;
          const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${i}`, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
            body,
          });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`delivery ${i}: HTTP ${res.status}`);
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const store = await open(loc.where);
    const accepted = await store.countDeliveries();
    await store.close();
    if (accepted !== DELIVERIES) throw new Error(`only ${accepted} deliveries recorded`);
    return DELIVERIES / s;
  } finally {
    await stop([web]);
    await loc.drop();
  }
}

async function jobsPerSecond(b: Backend, workers: number): Promise<number> {
  const loc = await b.fresh();
  const store = await open(loc.where);
  try {
    for (let i = 0; i < JOBS; i++) await store.enqueue({ kind: 'noop', queueKey: `pkg:${i % 50}`, payload: { i } });
    const children = Array.from({ length: workers }, () => start(WORKER, [loc.where, '50'], {}));
    try {
      await until(async () => (await store.countJobsByState()).done === JOBS);
    } finally {
      await stop(children);
    }
    const jobs = await store.listJobs({ state: 'done' });
    const first = Math.min(...jobs.map((j) => j.startedAt ?? Infinity));
    const last = Math.max(...jobs.map((j) => j.finishedAt ?? 0));
    return JOBS / ((last - first) / 1000);
  } finally {
    await store.close();
    await loc.drop();
  }
}

async function overhead(b: Backend, pollMs: number): Promise<{ p50: number; p99: number }> {
  const loc = await b.fresh();
  const store = await open(loc.where);
  const worker = start(WORKER, [loc.where, String(pollMs)], {});
  try {
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 0; i < LATENCY_JOBS; i++) {
      await store.enqueue({ kind: 'noop', queueKey: `pkg:${i % 50}`, payload: null });
      await new Promise((r) => setTimeout(r, 25));
    }
    await until(async () => (await store.countJobsByState()).done === LATENCY_JOBS);
    const waits = (await store.listJobs({ state: 'done' })).map((j) => (j.startedAt ?? 0) - j.createdAt).sort((a, c) => a - c);
    const at = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))] ?? NaN;
    return { p50: at(0.5), p99: at(0.99) };
  } finally {
    await stop([worker]);
    await store.close();
    await loc.drop();
  }
}

const rows: Record<string, unknown>[] = [];
// DISTSYNC_BENCH_ONLY=PostgreSQL (or SQLite) runs one backend, to look at it alone; the results file wants both.
const only = process.env['DISTSYNC_BENCH_ONLY'];
try {
  for (const b of backends.filter((x) => !only || x.name.startsWith(only))) {
    const row: Record<string, unknown> = { backend: b.name };
    row['deliveriesPerSec'] = Math.round(await deliveriesPerSecond(b));
    for (const w of [1, 2, 4]) row[`jobsPerSec_${w}w`] = Math.round(await jobsPerSecond(b, w));
    for (const poll of [1000, 50]) {
      const o = await overhead(b, poll);
      row[`overhead_poll${poll}_p50_ms`] = o.p50;
      row[`overhead_poll${poll}_p99_ms`] = o.p99;
    }
    rows.push(row);
    console.log(JSON.stringify(row));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
if (!only) writeFileSync(new URL('./scale-results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), machine, deliveries: DELIVERIES, jobs: JOBS, rows }, null, 2) + '\n');
