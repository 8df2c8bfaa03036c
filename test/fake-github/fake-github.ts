/**
 * A stateful, in-process fake GitHub for tests and benchmarks. See README.md in this directory.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateRequest } from '../app/openapi-validate.js';
import { Actions, HttpError } from './actions.js';
import { callerOf, issueToken } from './auth.js';
import { bareGit, listRefs } from './bare-git.js';
import { serveGitHttp } from './git-http.js';
import { setProtected } from './protection.js';
import { Router } from './router.js';
import { pullRoutes } from './routes-pulls.js';
import { issueRoutes } from './routes-issues.js';
import { checkRoutes } from './routes-checks.js';
import { repoRoutes } from './routes-repos.js';
import { appRoutes } from './routes-app.js';
import type { Urls } from './shapes.js';
import { createState, newId, userFor, type FakeRepo, type FakeState, type Permission } from './state.js';
import { Webhooks, signBody, type Delivery, type Receiver } from './webhooks.js';
import { createUi, type Ui } from './ui.js';

export interface FakeGithubOptions {
  /** Where the bare repositories live (<dir>/<owner>/<name>.git). */
  dir: string;
  appId?: number;
  appSlug?: string;
  installationId?: number;
  /** The App's public key (PEM): App JWTs are verified with it when given. */
  appPublicKey?: string;
  /** Webhook secret deliveries are signed with. */
  secret?: string;
  now?: () => Date;
}

export interface FakeGithub {
  /** http://127.0.0.1:<port>: git (`<url>/<owner>/<name>.git`) and web links. */
  url: string;
  /** REST API root (`<url>/api/v3`, like GitHub Enterprise): Probot's `baseUrl`. */
  apiUrl: string;
  state: FakeState;
  actions: Actions;
  webhooks: Webhooks;
  appSlug: string;
  botLogin: string;
  installationId: number;
  /** Unknown routes and request bodies GitHub's OpenAPI description refuses; a test expects it empty. */
  problems: string[];
  /** Every REST request: "METHOD /path" with the caller's login. */
  requests: { method: string; path: string; body: unknown; login: string }[];
  createRepo(fullName: string, o: { from?: string; defaultBranch?: string; collaborators?: Record<string, Permission>; allow?: Partial<FakeRepo['allowed']> }): FakeRepo;
  /** Protect a branch (no force pushes, like GitHub's branch protection without "Allow force pushes"), or lift it. */
  protectBranch(fullName: string, branch: string, on?: boolean): void;
  /** A person's personal access token (REST `token X`, git `basic`). */
  tokenFor(login: string): string;
  /** `-c` settings that let plain git reach the fake as `login`. */
  gitConfigFor(login: string): string[];
  /** Things people do in the web UI (each raises the webhooks GitHub would). */
  as(login: string): Ui;
  /** Send every pending webhook (in order) to the receiver; returns what was sent. */
  deliver(receiver: Receiver): Promise<Delivery[]>;
  /** Send one delivered event again with a new delivery id (GitHub's "Redeliver" makes a new GUID). */
  redeliver(d: Delivery, receiver: Receiver): Promise<Delivery>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export async function startFakeGithub(o: FakeGithubOptions): Promise<FakeGithub> {
  const appId = o.appId ?? 1;
  const appSlug = o.appSlug ?? 'distsync';
  const installationId = o.installationId ?? 4242;
  const secret = o.secret ?? 'fake-github-webhook-secret';
  const s = createState(o.now ?? (() => new Date()));
  const urls: Urls = { api: '', web: '' };
  const hooks = new Webhooks(s, urls, installationId);
  const actions = new Actions(s, hooks);
  const bot = userFor(s, `${appSlug}[bot]`);
  const router = new Router();
  for (const add of [pullRoutes, issueRoutes, checkRoutes, repoRoutes]) add(router);
  appRoutes(router, { appId, appSlug, installationId, bot: bot.login });
  const problems: string[] = [];
  const requests: FakeGithub['requests'] = [];
  const gitLocks = new Map<string, Promise<void>>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const caller = callerOf(req, s, { id: appId, ...(o.appPublicKey ? { publicKey: o.appPublicKey } : {}) });
      const send = (status: number, json?: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(json === undefined ? '' : JSON.stringify(json));
      try {
        const git = /^(\/[^/]+\/[^/]+\.git)(\/.*)$/.exec(url.pathname);
        if (git) {
          if (caller.kind !== 'user') return res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' }).end('authentication required');
          const fullName = git[1]!.slice(1, -'.git'.length);
          const repo = actions.repo(fullName);
          const pushing = url.pathname.endsWith('/git-receive-pack');
          const run = async () => {
            const before = pushing ? listRefs(repo.dir) : undefined;
            await serveGitHttp({ req, res, body, root: o.dir, pathInfo: url.pathname, query: url.search.slice(1), login: caller.user.login });
            if (before) actions.refsMoved(fullName, before, caller.user);
          };
          const prev = gitLocks.get(fullName) ?? Promise.resolve();
          const next = prev.then(run, run);
          gitLocks.set(fullName, next.catch(() => undefined));
          return await next;
        }
        if (!url.pathname.startsWith('/api/v3/')) return send(404, { message: 'Not Found' });
        const path = url.pathname.slice('/api/v3'.length);
        const json: unknown = body.length ? JSON.parse(body.toString()) : undefined;
        requests.push({ method: req.method ?? '', path: decodeURIComponent(path), body: json, login: caller.kind === 'user' ? caller.user.login : caller.kind });
        problems.push(...validateRequest(req.method ?? '', path, json));
        const route = router.find(req.method ?? '', path);
        if (!route) {
          problems.push(`the fake GitHub does not implement ${req.method} ${path}`);
          return send(404, { message: `Not Found (the fake GitHub does not implement ${req.method} ${path})` });
        }
        if (caller.kind === 'bad') return send(401, { message: caller.why });
        if (route.jwt !== (caller.kind === 'app')) return send(401, { message: route.jwt ? 'A JSON web token could not be decoded' : 'Requires authentication' });
        const reply = route.handler({ a: actions, urls, actor: caller.kind === 'user' ? caller.user : undefined, asApp: caller.kind === 'app', params: route.params, query: url.searchParams, body: json });
        return send(reply.status, reply.json);
      } catch (e) {
        if (e instanceof HttpError) return send(e.status, { message: e.message, documentation_url: 'https://docs.github.com/rest' });
        problems.push(`the fake GitHub failed on ${req.method} ${url.pathname}: ${String(e)}`);
        return send(500, { message: String(e) });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(urls, { api: `${url}/api/v3`, web: url });

  const deliverOne = async (d: Delivery, receiver: Receiver) => {
    const text = JSON.stringify(d.payload);
    hooks.delivered.push(d);
    await receiver({ ...d, body: text, signature: signBody(secret, text) });
  };

  const fake: FakeGithub = {
    url,
    apiUrl: urls.api,
    state: s,
    actions,
    webhooks: hooks,
    appSlug,
    botLogin: bot.login,
    installationId,
    problems,
    requests,
    createRepo: (fullName, r) => {
      const [owner, name] = fullName.split('/') as [string, string];
      const dir = join(o.dir, owner, `${name}.git`);
      mkdirSync(join(o.dir, owner), { recursive: true });
      if (r.from) bareGit(o.dir, ['clone', '--quiet', '--bare', r.from, dir]);
      else bareGit(o.dir, ['init', '--quiet', '--bare', dir]);
      const current = bareGit(dir, ['symbolic-ref', '--short', 'HEAD']).trim();
      const defaultBranch = r.defaultBranch ?? current;
      if (r.from && !listRefs(dir).has(`refs/heads/${defaultBranch}`)) bareGit(dir, ['branch', '-m', current, defaultBranch]);
      bareGit(dir, ['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`]);
      userFor(s, owner);
      const repo: FakeRepo = {
        owner, name, fullName, id: newId(s), dir, defaultBranch, nextNumber: 1,
        collaborators: new Map(Object.entries(r.collaborators ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        allowed: { merge: true, squash: true, rebase: true, ...r.allow },
      };
      for (const login of repo.collaborators.keys()) userFor(s, login);
      s.repos.set(fullName, repo);
      return repo;
    },
    protectBranch: (fullName, branch, on = true) => setProtected(actions.repo(fullName).dir, branch, on),
    tokenFor: (login) => {
      userFor(s, login);
      return issueToken(s, login, 'ghp_');
    },
    gitConfigFor: (login) => {
      const token = fake.tokenFor(login);
      return [`http.extraHeader=Authorization: basic ${Buffer.from(`${login}:${token}`).toString('base64')}`];
    },
    as: (login) => createUi(actions, userFor(s, login), { url, gitConfig: () => fake.gitConfigFor(login) }),
    deliver: async (receiver) => {
      const sent: Delivery[] = [];
      while (hooks.pending.length) {
        const d = hooks.pending.shift()!;
        sent.push(d);
        await deliverOne(d, receiver);
      }
      return sent;
    },
    redeliver: async (d, receiver) => {
      const again = { ...d, id: randomUUID() };
      await deliverOne(again, receiver);
      return again;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return fake;
}
