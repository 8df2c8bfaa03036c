import { createHmac, timingSafeEqual } from 'node:crypto';

export type ForgeWebhookKind = 'gitlab' | 'forgejo';

export type Headers = Record<string, string | string[] | undefined>;

/** A webhook that passed its signature check: its delivery id (for de-duplication), event name and parsed body. */
export interface ForgeDelivery {
  id: string;
  event: string;
  body: unknown;
}

export type VerifyResult = { ok: true; delivery: ForgeDelivery } | { ok: false; status: 400 | 401; reason: string };

/**
 * Check a dist-git forge's webhook before anything reads it:
 * GitLab sends the shared secret as `X-Gitlab-Token` (compared in constant time)
 * and its delivery id as `Idempotency-Key` (the same on a retry; GitLab 17.4+) or `X-Gitlab-Event-UUID`; Forgejo/Gitea sign the raw body
 * with HMAC-SHA256 (`X-Forgejo-Signature` / `X-Gitea-Signature`, hex) and name the
 * delivery in `X-Forgejo-Delivery` / `X-Gitea-Delivery`.
 */
export function verifyForgeWebhook(kind: ForgeWebhookKind, headers: Headers, rawBody: Buffer, secret: string): VerifyResult {
  if (!secret) return { ok: false, status: 401, reason: 'no webhook secret is configured for this forge host' };
  const h = (name: string): string | undefined => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const signed = kind === 'gitlab' ? sameText(h('x-gitlab-token'), secret) : sameText(h('x-forgejo-signature') ?? h('x-gitea-signature'), hmacHex(secret, rawBody));
  if (!signed) return { ok: false, status: 401, reason: `the ${kind === 'gitlab' ? 'X-Gitlab-Token' : 'X-Forgejo-Signature'} header is missing or wrong` };
  // GitLab's Idempotency-Key (17.4+) stays the same when GitLab retries a delivery; X-Gitlab-Event-UUID is older.
  const id = kind === 'gitlab' ? (h('idempotency-key') ?? h('x-gitlab-event-uuid')) : (h('x-forgejo-delivery') ?? h('x-gitea-delivery'));
  const event = kind === 'gitlab' ? h('x-gitlab-event') : (h('x-forgejo-event') ?? h('x-gitea-event'));
  if (!id || !event) return { ok: false, status: 400, reason: 'the delivery id or event header is missing' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'the body is not JSON' };
  }
  return { ok: true, delivery: { id, event, body } };
}

function hmacHex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function sameText(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
