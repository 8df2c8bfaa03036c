import { Counter, Gauge, type Registry } from 'prom-client';

/** The part of an Octokit instance we hook into (octokit's before-after-hook API). */
export interface HookableOctokit {
  hook: {
    after(name: 'request', fn: (response: { status: number; headers: Record<string, string | number | undefined> }, options: { method: string }) => void): void;
    error(name: 'request', fn: (error: Error & { status?: number; response?: { headers: Record<string, string | number | undefined> } }, options: { method: string }) => never | Promise<never>): void;
  };
}

export interface GitHubApiMetrics {
  observe(octokit: HookableOctokit): void;
}

/** GitHub API calls by method and status, and the rate limit left as GitHub last reported it. */
export function createGitHubApiMetrics(registry: Registry): GitHubApiMetrics {
  const calls = new Counter({ name: 'distsync_github_api_calls_total', help: 'GitHub API requests by method and HTTP status', labelNames: ['method', 'status'] as const, registers: [registry] });
  const remaining = new Gauge({ name: 'distsync_github_rate_limit_remaining', help: 'x-ratelimit-remaining of the last GitHub API answer', registers: [registry] });
  const seen = (status: number, headers: Record<string, string | number | undefined> | undefined, method: string) => {
    calls.inc({ method, status: String(status) });
    const left = Number(headers?.['x-ratelimit-remaining']);
    if (Number.isFinite(left)) remaining.set(left);
  };
  return {
    observe(octokit) {
      octokit.hook.after('request', (response, options) => seen(response.status, response.headers, options.method));
      octokit.hook.error('request', (error, options) => {
        seen(error.status ?? 0, error.response?.headers, options.method);
        throw error;
      });
    },
  };
}
