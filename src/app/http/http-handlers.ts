import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppMetrics } from './metrics.js';
import type { Readiness } from './readiness.js';

export interface HttpDeps {
  metrics: AppMetrics;
  /** /healthz: the process runs and its store answers. */
  healthy: () => Promise<boolean>;
  /** /readyz: store, git and disk space for the cache. */
  ready: () => Promise<Readiness>;
  /** /status: the page's HTML. */
  statusPage: () => Promise<string>;
  /** Basic auth in front of /status (DISTSYNC_STATUS_USER / DISTSYNC_STATUS_PASSWORD). */
  statusAuth?: { user: string; password: string };
}

/** GET /healthz, /readyz, /metrics and /status, as Probot 14 `addHandler` handlers (return true when answered). */
export function httpHandlers(d: HttpDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/healthz') {
      const ok = await d.healthy().catch(() => false);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy' }));
      return true;
    }
    if (path === '/readyz') {
      const r = await d.ready();
      res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: r.ready ? 'ready' : 'not ready', reasons: r.reasons }));
      return true;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': d.metrics.registry.contentType }).end(await d.metrics.registry.metrics());
      return true;
    }
    if (path === '/status') {
      if (d.statusAuth && !authorized(req.headers.authorization, d.statusAuth)) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="distsync status", charset="UTF-8"', 'content-type': 'text/plain' }).end('distsync status: sign in\n');
        return true;
      }
      const html = await d.statusPage();
      res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        })
        .end(req.method === 'HEAD' ? undefined : html);
      return true;
    }
    return false;
  };
}

function authorized(header: string | undefined, want: { user: string; password: string }): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1], 'base64').toString('utf8');
  // Compare digests: equal length, so the comparison time says nothing about the secret.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(`${want.user}:${want.password}`));
}
