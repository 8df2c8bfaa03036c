import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import type { IncomingMessage, ServerResponse } from 'node:http';
import examples from '@octokit/webhooks-examples';
import { createMemoryLogger } from '../../src/core/log.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { createDistsyncApp, type DistsyncApp } from '../../src/app/create-app.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import { validateRequest } from './openapi-validate.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | boolean | Promise<void | boolean>;

export const API = 'https://api.github.com';
export const INSTALLATION = 4242;
export const SECRET = 'webhook-secret-for-tests';
export const TOKEN = 'ghs_testinstallationtoken0123456789';

let privateKey: string | undefined;
function key(): string {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return privateKey;
}

export interface Harness {
  probot: Probot;
  /** HTTP handlers the app added (healthz, metrics). */
  handlers: Handler[];
  store: Store;
  app: DistsyncApp;
  deps: AppDeps;
  dir: string;
  log: ReturnType<typeof createMemoryLogger>;
  /** Problems seen by the strict HTTP mock: unmatched requests and bodies GitHub's OpenAPI description refuses. */
  problems: string[];
  /** Every request the app sent, as "METHOD path". */
  sent: { method: string; path: string; body: unknown }[];
  /** nock scope for api.github.com whose every request is checked against the OpenAPI description. */
  github(): nock.Scope;
  done(): Promise<void>;
}

/** A Probot with our app loaded, a temp SQLite store, and nock in strict mode. */
export async function createHarness(over: Partial<AppDeps> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'distsync-app-'));
  const log = createMemoryLogger();
  // The store reads the App's clock, so a test that moves deps.now moves the queue too.
  const clock = { now: () => deps.now() };
  const store = openSqliteStore(join(dir, 'state.sqlite'), { clock });
  const deps: AppDeps = {
    store,
    log,
    now: Date.now,
    botLogin: 'distsync[bot]',
    webBaseUrl: 'https://github.com',
    workspace: { cacheDir: join(dir, 'cache'), gitBaseUrl: 'https://github.com' },
    engine: {
      updateDistGit: async () => Promise.reject(new Error('this test does not sync: pass a real engine')),
      updateSourceGit: async () => Promise.reject(new Error('this test does not sync: pass a real engine')),
      proposeDownstream: async () => Promise.reject(new Error('this test does not sync: pass a real engine')),
    },
    lookasideDir: join(dir, 'lookaside'),
    ...over,
  };
  const probot = new Probot({
    appId: 1,
    privateKey: key(),
    secret: SECRET,
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  const app = createDistsyncApp(deps, { startWorker: false });
  const handlers: Handler[] = [];
  await probot.load(app.appFn, { cwd: dir, addHandler: (fn: Handler) => handlers.push(fn) });
  const problems: string[] = [];
  const sent: Harness['sent'] = [];
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)/);
  type NoMatch = { method?: string; path?: string; host?: string; hostname?: string; options?: { method?: string; path?: string; host?: string; hostname?: string } };
  const onNoMatch = (req: NoMatch) => {
    const host = req.options?.hostname ?? req.options?.host ?? req.hostname ?? req.host ?? '';
    if (/^(127\.0\.0\.1|localhost)(:|$)/.test(host)) return;
    problems.push(`unmatched request: ${req.method ?? req.options?.method} ${req.path ?? req.options?.path}`);
  };
  nock.emitter.on('no match', onNoMatch);
  const onRequest = (req: { method: string; path: string }, _i: unknown, body: string) => {
    const path = decodeURIComponent(new URL(req.path, API).pathname);
    const parsed: unknown = body ? JSON.parse(body) : undefined;
    sent.push({ method: req.method, path, body: parsed });
    problems.push(...validateRequest(req.method, new URL(req.path, API).pathname, parsed));
  };
  return {
    github: () => {
      const scope = nock(API);
      scope.on('request', onRequest);
      return scope;
    },
    probot,
    handlers,
    store,
    app,
    deps,
    dir,
    log,
    problems,
    sent,
    done: async () => {
      nock.emitter.removeListener('no match', onNoMatch);
      const pending = nock.pendingMocks();
      nock.cleanAll();
      nock.enableNetConnect();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      if (pending.length) problems.push(...pending.map((p) => `unused mock: ${p}`));
    },
  };
}

/** The installation token request Probot makes once per test. */
export function mockToken(scope: nock.Scope): nock.Scope {
  return scope
    .post(`/app/installations/${INSTALLATION}/access_tokens`)
    .reply(201, { token: TOKEN, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: 'all' });
}

type Examples = { name: string; examples: Record<string, unknown>[] }[];

/** A real example payload from @octokit/webhooks-examples, with the installation field they lack. */
export function example<T = Record<string, any>>(name: string, action?: string): T {
  const def = (examples as unknown as Examples).find((w) => w.name === name);
  const found = def?.examples.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`no example for ${name}.${action}`);
  const copy = structuredClone(found);
  copy['installation'] = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
  return copy as T;
}

let deliveries = 0;
/** Send a payload through probot.receive() with a fresh delivery id (or the one given). */
export async function receive(h: Harness, name: string, payload: unknown, id = `delivery-${++deliveries}-${Date.now()}`): Promise<string> {
  await h.probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
  return id;
}

export const CONFIG_YAML = `specfile_path: .distro/hello.spec
downstream_package_name: hello
upstream_ref: v1.0
distsync:
  dist_git:
    repo: Codertocat/hello-dist
    branches:
      master: [rawhide]
  allowed_users: [trusted-friend]
`;

export function contentResponse(text: string, path = '.distro/source-git.yaml') {
  return { type: 'file', encoding: 'base64', size: text.length, name: path.split('/').pop(), path, content: Buffer.from(text).toString('base64'), sha: 'f'.repeat(40), url: '', git_url: '', html_url: '', download_url: '', _links: {} };
}

/** GET /repos/{source}/pulls/{n} answering an open PR at `headSha`: what a sync job asks first (a closed PR or a moved head does nothing). */
export function mockOpenPull(scope: nock.Scope, repo: string, number: number, headSha: string, baseRef = 'master'): nock.Scope {
  return scope.get(`/repos/${repo}/pulls/${number}`).reply(200, { number, state: 'open', merged: false, head: { sha: headSha, ref: `pr-${number}` }, base: { ref: baseRef }, html_url: `https://github.com/${repo}/pull/${number}`, title: 't', body: '', user: { login: 'Codertocat' } });
}
