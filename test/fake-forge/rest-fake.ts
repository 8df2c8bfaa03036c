import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveGitHttp } from '../fake-github/git-http.js';

/**
 * The HTTP part shared by the fake Forgejo and the fake GitLab: one server on
 * 127.0.0.1, a method + path table (`:name` one raw segment, `:name*` the rest),
 * the forge's auth check, each request validated against our request contract for the
 * forge (test/forge/contracts/), and what went wrong collected in `problems` (a test expects it empty).
 */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly text = false,
  ) {}
}

/** Throw from a handler: the forge's error answer. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Call<U> {
  user: U;
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
}

export type Handler<U> = (c: Call<U>) => Reply;

/** Git over smart HTTP at `/<path>.git/…` (`git http-backend` on real bare repos), as the forge serves it. */
export interface GitServe {
  /** Holds `<path>.git`. */
  root: string;
  /** The account a request's basic auth names (the password is a token), or undefined (401). */
  login(req: IncomingMessage): string | undefined;
  /** May `login` fetch from (push to) the repository at `path`? */
  allowed(login: string, path: string, push: boolean): boolean;
  /** After a push to `path`: the fake updates what hangs off its branches (PR heads). */
  pushed(path: string): void;
}

export interface RestFakeOptions<U> {
  /** "Forgejo", "GitLab": in problems. */
  forge: string;
  /** API root on the server, e.g. "/api/v1". */
  root: string;
  /** Who the request's auth header names; a string is the 401 message. */
  authenticate(req: IncomingMessage): U | string;
  /** Problems with a request (method, raw path under root, query, JSON body) per the forge's API description. */
  validate(method: string, path: string, query: URLSearchParams, body: unknown): string[];
  /** The JSON error body the forge sends. */
  errorBody(status: number, message: string): unknown;
  git?: GitServe;
}

export interface RestFake<U> {
  url: string;
  apiUrl: string;
  problems: string[];
  requests: { method: string; path: string; body: unknown }[];
  route(method: string, pattern: string, handler: Handler<U>): void;
  close(): Promise<void>;
}

interface Route<U> {
  method: string;
  re: RegExp;
  keys: string[];
  handler: Handler<U>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export async function startRestFake<U>(o: RestFakeOptions<U>): Promise<RestFake<U>> {
  const routes: Route<U>[] = [];
  const problems: string[] = [];
  const requests: RestFake<U>['requests'] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (r: Reply) =>
        r.text
          ? res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' }).end(String(r.body))
          : res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body === undefined ? '' : JSON.stringify(r.body));
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://fake');
      try {
        const bytes = await readBody(req);
        const git = o.git && /^\/(.+)\.git(\/(?:info\/refs|git-upload-pack|git-receive-pack))$/.exec(url.pathname);
        if (o.git && git) return await serveGit(o.git, req, res, bytes, git[1]!, url);
        const raw = bytes.toString('utf8');
        let body: unknown;
        try {
          body = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          problems.push(`${method} ${url.pathname}: the body is not JSON`);
          return send(new Reply(400, o.errorBody(400, 'body is not JSON')));
        }
        if (!url.pathname.startsWith(`${o.root}/`)) {
          problems.push(`${method} ${url.pathname}: outside ${o.root}`);
          return send(new Reply(404, o.errorBody(404, 'Not Found')));
        }
        const path = url.pathname.slice(o.root.length);
        requests.push({ method, path, body });
        problems.push(...o.validate(method, path, url.searchParams, body));
        const route = routes.find((r) => r.method === method && r.re.test(path));
        if (!route) {
          problems.push(`the fake ${o.forge} does not implement ${method} ${path}`);
          return send(new Reply(404, o.errorBody(404, 'Not Found')));
        }
        const user = o.authenticate(req);
        if (typeof user === 'string') return send(new Reply(401, o.errorBody(401, user)));
        const m = route.re.exec(path)!;
        const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
        return send(route.handler({ user, params, query: url.searchParams, body }));
      } catch (e) {
        if (e instanceof FakeHttpError) return send(new Reply(e.status, o.errorBody(e.status, e.message)));
        problems.push(`the fake ${o.forge} failed on ${method} ${url.pathname}: ${String(e)}`);
        return send(new Reply(500, o.errorBody(500, String(e))));
      }
    })();
  });
  // Real forges sit behind proxies keeping idle connections for a minute or more; Node's 5 s default
  // races a client that reuses a connection just as the server drops it (a spurious ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}${o.root}`,
    problems,
    requests,
    route: (method, pattern, handler) => {
      const keys: string[] = [];
      const re = new RegExp(`^${pattern.replace(/:(\w+)(\*?)/g, (_m, k: string, star: string) => (keys.push(k), star ? '(.+)' : '([^/]+)'))}$`);
      routes.push({ method, re, keys, handler });
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function serveGit(g: GitServe, req: IncomingMessage, res: import('node:http').ServerResponse, body: Buffer, path: string, url: URL): Promise<void> {
  const login = g.login(req);
  if (!login) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="fake forge"' }).end('authentication required');
    return;
  }
  const push = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
  if (!g.allowed(login, path, push)) {
    res.writeHead(403).end(`${login} may not ${push ? 'push to' : 'read'} ${path}`);
    return;
  }
  await serveGitHttp({ req, res, body, root: g.root, pathInfo: url.pathname, query: url.search.slice(1), login });
  if (push && url.pathname.endsWith('/git-receive-pack')) g.pushed(path);
}

/** Who a git request's basic auth names: the password (or the user, as Forgejo also takes) is a token. */
export function basicAuthToken(req: IncomingMessage): string[] {
  const m = /^basic (\S+)$/i.exec(req.headers['authorization'] ?? '');
  if (!m) return [];
  const [user = '', password = ''] = Buffer.from(m[1]!, 'base64').toString('utf8').split(/:(.*)/s);
  return [password, user].filter(Boolean);
}

/** A new fake id-like sha (tokens); commits are real git. */
export function fakeSha(): string {
  return [...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
