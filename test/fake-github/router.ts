import type { Actions } from './actions.js';
import type { Urls } from './shapes.js';
import type { FakeUser } from './state.js';

export interface RouteContext {
  a: Actions;
  urls: Urls;
  /** Who the token belongs to (the App's bot for installation tokens); undefined for an App JWT. */
  actor: FakeUser | undefined;
  /** True when the request carried a valid App JWT. */
  asApp: boolean;
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
}

export interface Reply {
  status: number;
  json?: unknown;
}

export type Handler = (c: RouteContext) => Reply;

interface Route {
  method: string;
  re: RegExp;
  keys: string[];
  handler: Handler;
  /** Served with an App JWT (the /app endpoints), not an installation token. */
  jwt: boolean;
}

/** A tiny method + path table; `:name` matches one segment, `:name*` the rest (both URL-decoded). */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, o: { jwt?: boolean } = {}): this {
    const keys: string[] = [];
    const re = new RegExp(
      `^${pattern.replace(/:(\w+)(\*?)/g, (_m, k: string, star: string) => {
        keys.push(k);
        return star ? '(.+)' : '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, re, keys, handler, jwt: o.jwt ?? false });
    return this;
  }

  find(method: string, path: string): { handler: Handler; params: Record<string, string>; jwt: boolean } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
      return { handler: r.handler, params, jwt: r.jwt };
    }
    return undefined;
  }
}

export const ok = (json: unknown, status = 200): Reply => ({ status, json });
