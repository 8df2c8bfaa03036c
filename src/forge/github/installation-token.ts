import { createAppAuth } from '@octokit/auth-app';

/** The part of an installation's Octokit we need: its auth function and its request (which carries the configured host). */
export interface InstallationOctokit {
  auth: (...args: unknown[]) => Promise<unknown>;
  request: unknown;
}

/**
 * The installation token for git, from the host the App is configured for (GHE_HOST).
 * `octokit.auth({ type: "installation" })` alone asks api.github.com when its token
 * cache misses (Probot 14.3.2 builds the App auth with a request that has no base URL);
 * here the same auth state (same token cache) is rebuilt around the Octokit's own
 * request, so a cache miss asks the configured host.
 */
export async function installationToken(octokit: InstallationOctokit): Promise<string> {
  const auth = (await octokit.auth({
    type: 'installation',
    factory: (options: Parameters<typeof createAppAuth>[0]) => createAppAuth({ ...options, request: octokit.request as NonNullable<Parameters<typeof createAppAuth>[0]['request']> }),
  })) as ReturnType<typeof createAppAuth>;
  const { token } = (await auth({ type: 'installation' })) as { token?: string };
  if (!token) throw new Error('the installation gave no token for git');
  return token;
}
