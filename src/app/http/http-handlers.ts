import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppMetrics } from './metrics.js';

/** GET /healthz and GET /metrics, as Probot 14 `addHandler` handlers (return true when answered). */
export function httpHandlers(metrics: AppMetrics, healthy: () => Promise<boolean>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return false;
    if (path === '/healthz') {
      const ok = await healthy().catch(() => false);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy' }));
      return true;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
      return true;
    }
    return false;
  };
}
