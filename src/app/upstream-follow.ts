import type { Store } from '../store/types.js';
import type { GitAuth } from '../git/run-git.js';
import { runGit } from '../git/run-git.js';

/**
 * A source-git repo that follows a separate upstream repository is stored as a package
 * route whose "dist" side is the upstream repo and this branch name (no git branch can
 * be named so: pushes never match it); its source branch carries this prefix.
 */
export const UPSTREAM_RELEASES = '*releases*';
export const FOLLOW_PREFIX = 'upstream-releases:';

/** OWNER/REPO of an upstream_project_url on the App's own forge (https://github.com/OWNER/REPO[.git][/]), else undefined. */
export function upstreamRepoOf(url: string | undefined, webBaseUrl: string): string | undefined {
  if (!url) return undefined;
  const base = webBaseUrl.replace(/\/+$/, '');
  if (!url.startsWith(`${base}/`)) return undefined;
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(\.git)?\/?$/.exec(url.slice(base.length + 1));
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** Remember that `sourceRepo` follows the releases of its upstream_project_url (when that is a repo on our forge). */
export async function rememberUpstream(store: Pick<Store, 'savePackageRoute'>, o: { sourceRepo: string; sourceBranch: string; upstreamProjectUrl: string | undefined; webBaseUrl: string; installationId: number }): Promise<string | undefined> {
  const upstream = upstreamRepoOf(o.upstreamProjectUrl, o.webBaseUrl);
  if (!upstream || upstream.toLowerCase() === o.sourceRepo.toLowerCase()) return undefined;
  await store.savePackageRoute({ sourceRepo: o.sourceRepo, sourceBranch: `${FOLLOW_PREFIX}${o.sourceBranch}`, distRepo: upstream, distBranch: UPSTREAM_RELEASES, installationId: o.installationId });
  return upstream;
}

/** Bring one upstream tag (and its history) into the source-git mirror a worktree at `dir` belongs to. */
export async function fetchUpstreamTag(o: { dir: string; gitBaseUrl: string; upstreamRepo: string; tag: string; auth: GitAuth; config?: string[] }): Promise<void> {
  const ref = `refs/tags/${o.tag}`;
  await runGit(['fetch', '--quiet', '--no-tags', `${o.gitBaseUrl}/${o.upstreamRepo}.git`, `+${ref}:${ref}`], { cwd: o.dir, auth: o.auth, ...(o.config ? { config: o.config } : {}) });
}
