import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/log.js';
import type { NewJob, Store } from '../../store/types.js';
import { verifyForgeWebhook } from '../../forge/webhooks/verify-forge-webhook.js';
import { parseForgeEvent } from '../../forge/webhooks/parse-forge-event.js';
import { routeForgeEvent, type WebhookHost } from '../forge-webhooks/route-forge-event.js';
import type { AppMetrics } from './metrics.js';

/** A dist-git host the endpoint takes deliveries from. */
export interface WebhookEndpointHost extends WebhookHost {
  kind: 'forgejo' | 'gitlab';
  /** DISTSYNC_FORGE_<HOST>_WEBHOOK_SECRET; undefined: every delivery is refused (the App polls that host instead). */
  secret?: string;
}

export interface ForgeWebhookDeps {
  store: Pick<Store, 'acceptDelivery' | 'getPrLinkByDist' | 'getPrLinkByDistHead' | 'getPackageRoutesByDist' | 'getPackageRoutesBySource'>;
  /** The hosts file's entry for a host name (lower-case), if any. */
  host(name: string): WebhookEndpointHost | undefined;
  metrics: Pick<AppMetrics, 'deliveries'>;
  log: Logger;
  now: () => number;
  jobMaxAttempts?: number;
}

export const FORGE_WEBHOOK_PATH = '/forge-webhooks/';
/** Larger bodies are refused unread (GitLab's push payloads list at most 20 commits). */
const MAX_BODY = 5 * 1024 * 1024;

/**
 * POST /forge-webhooks/<host>: a Forgejo/Gitea or GitLab webhook for a dist-git host of the hosts
 * file. The web role only checks, records and enqueues, as for GitHub: the signature with that
 * host's secret (missing or wrong → 401, nothing recorded), the delivery id (seen before → 200,
 * nothing enqueued), then the jobs its event asks for, in the package's queue, in one transaction.
 */
export function forgeWebhookEndpoint(d: ForgeWebhookDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(FORGE_WEBHOOK_PATH)) return false;
    const answer = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      answer(405, { error: 'POST only' });
      return true;
    }
    const name = safeDecode(path.slice(FORGE_WEBHOOK_PATH.length)).toLowerCase();
    const host = d.host(name);
    if (!host) {
      answer(404, { error: `no dist-git host ${name} in the App's hosts file` });
      return true;
    }
    const raw = await readBody(req, MAX_BODY);
    if (raw === undefined) {
      answer(413, { error: `the body is larger than ${MAX_BODY} bytes` });
      return true;
    }
    const verified = verifyForgeWebhook(host.kind, req.headers, raw, host.secret ?? '');
    if (!verified.ok) {
      d.log.warn(`forge webhook from ${host.host} refused (${verified.status}): ${verified.reason}`);
      answer(verified.status, { error: verified.reason });
      return true;
    }
    const { delivery } = verified;
    // Delivery ids are the forge's (random UUIDs); the host keeps two forges' ids apart in the one deliveries table.
    const id = `${host.host}:${delivery.id}`;
    const eventName = `${host.kind}:${delivery.event}`;
    try {
      const event = parseForgeEvent(host.kind, delivery);
      const routed = await routeForgeEvent({ store: d.store }, host, event, id);
      const jobs: NewJob[] = d.jobMaxAttempts ? routed.map((j) => ({ ...j, maxAttempts: d.jobMaxAttempts })) : routed;
      const fresh = await d.store.acceptDelivery({ id, event: eventName, receivedAt: d.now() }, jobs);
      d.metrics.deliveries.inc({ event: eventName, duplicate: String(!fresh) });
      answer(200, fresh ? { status: 'accepted', jobs: jobs.length, ...(event.type === 'ignored' ? { ignored: event.reason } : {}) } : { status: 'duplicate', jobs: 0 });
    } catch (e) {
      // Nothing was recorded: the forge's redelivery (or "Test delivery") can try again.
      d.log.warn(`forge webhook ${id} (${eventName}) from ${host.host}: ${e instanceof Error ? e.message : String(e)}`);
      answer(500, { error: 'the App could not record this delivery; it was not recorded, send it again' });
    }
    return true;
  };
}

/** A URL path segment decoded; a malformed %-escape stays as it is (and names no host). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The whole body, or undefined when it passes `limit` bytes (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) parts.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(parts)));
    req.on('error', reject);
  });
}
