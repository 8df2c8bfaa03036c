/**
 * How `.distro/distsync.yaml` names the dist-git repository (`dist_git.repo`, `dist_git.fork`):
 *
 * - `owner/name`: a repository on the App's own GitHub (as before);
 * - `<host>/<path>/<name>`: a repository on a dist-git host the operator lists in the App's hosts
 *   file (DISTSYNC_FORGES_FILE), e.g. `src.fedoraproject.org/rpms/zlib` (Forgejo) or
 *   `gitlab.com/redhat/centos-stream/rpms/zlib` (GitLab; groups and subgroups allowed).
 *
 * A first segment with a dot or a port (`gitlab.com`, `git.example.org:8443`) is a host: GitHub
 * owners never contain one.
 */
export interface DistRepoName {
  /** The host, lower-cased; undefined for a GitHub `owner/name`. */
  host?: string;
  /** Everything before the last segment: a GitHub owner, a Forgejo owner, GitLab's groups. */
  owner: string;
  repo: string;
  /** The canonical name (host lower-cased): `owner/name` or `host/owner/name`. Keys the App's store and git cache. */
  name: string;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Parse a dist-git repository name; the error text says what is wrong (for a config check). */
export function parseDistRepoName(text: string): DistRepoName | { error: string } {
  const parts = text.split('/');
  const hosted = parts[0] !== undefined && /[.:]/.test(parts[0]);
  const host = hosted ? parts[0]!.toLowerCase() : undefined;
  const path = hosted ? parts.slice(1) : parts;
  if (host !== undefined && !HOST.test(host)) return { error: `"${parts[0]}" is not a host name (like gitlab.com or src.fedoraproject.org)` };
  if (path.length < 2) return { error: host ? `names no repository on ${host}: write "${host}/<owner or group>/<name>"` : 'must be "owner/name" or "<host>/<path>/<name>"' };
  if (!host && path.length > 2) return { error: `"${path[0]}" is not a host name: write "owner/name" for GitHub, or start with the dist-git host (like gitlab.com/${text})` };
  const bad = path.find((s) => !SEGMENT.test(s) || s === '.' || s === '..');
  if (bad !== undefined) return { error: `"${bad}" is not a valid path segment (letters, digits, _ . -)` };
  const owner = path.slice(0, -1).join('/');
  const repo = path[path.length - 1]!;
  return { ...(host ? { host } : {}), owner, repo, name: `${host ? `${host}/` : ''}${owner}/${repo}` };
}

/** The canonical name of a repository at `path` (`owner/name`, groups allowed) on `host`; for webhooks from a host to find the App's links. */
export function distRepoNameOn(host: string, path: string): string {
  return `${host.toLowerCase()}/${path.replace(/^\/+|\/+$/g, '')}`;
}
