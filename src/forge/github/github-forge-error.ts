import { ForgeHttpError } from '../http/forge-http-error.js';

interface OctokitRequestError {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, unknown> };
}

function isRequestError(e: unknown): e is OctokitRequestError {
  return typeof (e as { status?: unknown } | null)?.status === 'number';
}

/**
 * An Octokit RequestError as the typed ForgeHttpError every dist-git forge throws
 * (forge-denied on 401/403, forge-failed otherwise; status and headers kept for the
 * retry rules). A 401 names the App's credentials: GitHub tokens are minted from them.
 */
export function githubFailure(e: unknown): unknown {
  if (!isRequestError(e)) return e;
  const method = e.request?.method ?? 'request';
  const path = e.request?.url ? new URL(e.request.url).pathname : '';
  const headers = Object.fromEntries(Object.entries(e.response?.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const next = e.status === 401 ? "check the App's credentials (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH) and that its installation token is still valid" : undefined;
  return new ForgeHttpError('GitHub', method, path, e.status, e.message.split('\n')[0] ?? '', headers, { ...(next ? { next } : {}), cause: e });
}

/** Every method of `forge`, with Octokit failures translated by githubFailure. */
export function translatingFailures<T extends object>(forge: T): T {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(forge)) {
    out[k] =
      typeof v === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (v as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (e) {
              throw githubFailure(e);
            }
          }
        : v;
  }
  return out as T;
}
