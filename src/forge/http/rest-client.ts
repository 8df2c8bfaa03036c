import { ForgeHttpError } from './forge-http-error.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RestRequest {
  query?: Query;
  body?: unknown;
  /** Statuses that are answers, not errors (e.g. 404 for "no such file"). */
  accept?: number[];
  /** Read the body as text instead of JSON. */
  text?: boolean;
}

export interface RestResponse<T> {
  status: number;
  data: T;
}

export interface RestClient {
  readonly forge: string;
  request<T>(method: string, path: string, req?: RestRequest): Promise<RestResponse<T>>;
}

export interface RestClientOptions {
  /** Shown in errors: "Forgejo", "GitLab". */
  forge: string;
  /** API root, e.g. https://forgejo.example/api/v1 or https://gitlab.example/api/v4. */
  apiUrl: string;
  /** Authentication headers (the token travels only here). */
  headers: Record<string, string>;
  fetch?: typeof fetch;
  userAgent?: string;
}

/** One small JSON-over-HTTPS client shared by the Forgejo and GitLab adapters. */
export function restClient(o: RestClientOptions): RestClient {
  const doFetch = o.fetch ?? fetch;
  const root = o.apiUrl.replace(/\/+$/, '');
  return {
    forge: o.forge,
    async request<T>(method: string, path: string, req: RestRequest = {}): Promise<RestResponse<T>> {
      const url = new URL(root + path);
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      const res = await doFetch(url, {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': o.userAgent ?? 'distsync',
          ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...o.headers,
        },
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      });
      const raw = await res.text();
      if (!res.ok && !(req.accept ?? []).includes(res.status)) {
        throw new ForgeHttpError(o.forge, method, path, res.status, messageOf(raw), Object.fromEntries(res.headers));
      }
      if (req.text || !res.ok) return { status: res.status, data: raw as T };
      return { status: res.status, data: (raw === '' ? undefined : JSON.parse(raw)) as T };
    },
  };
}

/** The human part of an error body: `message` / `error` of a JSON answer, else the first line, short. */
function messageOf(raw: string): string {
  try {
    const j = JSON.parse(raw) as { message?: unknown; error?: unknown };
    const m = j.message ?? j.error;
    if (typeof m === 'string') return m.slice(0, 300);
    if (m !== undefined) return JSON.stringify(m).slice(0, 300);
  } catch {
    // not JSON
  }
  return (raw.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 300);
}
