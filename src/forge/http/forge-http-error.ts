import { DistsyncError } from '../../core/errors.js';

/**
 * A forge's REST API said no. Carries `status` and the response headers the
 * way Octokit's RequestError does, so the job queue's retry rules (5xx, 429,
 * Retry-After) treat every forge alike.
 */
export class ForgeHttpError extends DistsyncError {
  readonly status: number;
  readonly response: { headers: Record<string, string> };

  /** `next` replaces the default advice (the GitHub App's credentials are not a forge token). */
  constructor(forge: string, method: string, path: string, status: number, said: string, headers: Record<string, string>, o: { next?: string; cause?: unknown } = {}) {
    const denied = status === 401 || status === 403;
    super(denied ? 'forge-denied' : 'forge-failed', `${forge} answered ${method} ${path} with HTTP ${status}${said ? `: ${said}` : ''}`, {
      next: o.next ?? nextFor(forge, status),
      ...(o.cause !== undefined ? { cause: o.cause } : {}),
    });
    this.status = status;
    this.response = { headers };
  }
}

function nextFor(forge: string, status: number): string {
  if (status === 401) return `check the ${forge} token (DISTSYNC_FORGE_<HOST>_TOKEN): it is missing, expired or revoked`;
  if (status === 403) return `give the ${forge} bot user write access to the dist-git repository (or a token with the api/write scope)`;
  if (status === 404) return `check the dist-git repository path and that the ${forge} bot user can see it`;
  if (status === 409) return 'the branch moved meanwhile: the next sync retries with the new head';
  if (status === 429 || status >= 500) return `${forge} is busy or down: the job is retried with back-off`;
  return `see the ${forge} message above; fix the repository settings it names and run /distsync sync again`;
}
