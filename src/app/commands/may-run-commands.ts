import type { Forge, RepoRef } from '../../forge/types.js';

const WRITERS = new Set(['admin', 'maintain', 'write']);

/** Write, maintain or admin on the repo, or listed in distsync.allowed_users (read from the default branch, never from a PR). */
export async function mayRunCommands(forge: Forge, repo: RepoRef, user: string, allowedUsers: string[]): Promise<boolean> {
  if (allowedUsers.some((u) => u.toLowerCase() === user.toLowerCase())) return true;
  return WRITERS.has(await forge.permission(repo, user));
}
