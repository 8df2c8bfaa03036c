import type { Git } from './git.js';

/**
 * What a name given as a ref is: a tag, a full commit id (both fixed), or a
 * name that moves (a branch, a remote-tracking branch, HEAD, an expression
 * such as HEAD~2 or an abbreviated id that may one day be ambiguous).
 */
export type RefKind = 'tag' | 'commit' | 'branch' | 'other';

export async function refKind(git: Git, name: string): Promise<RefKind> {
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name)) return 'commit';
  const exists = async (full: string) => (await git.run(['show-ref', '--verify', '-q', full], { allowFail: true })).code === 0;
  if (!name.startsWith('-') && (await exists(`refs/tags/${name.replace(/^refs\/tags\//, '')}`))) return 'tag';
  if (name === 'HEAD' || name.startsWith('refs/heads/') || name.startsWith('refs/remotes/')) return 'branch';
  if (!name.startsWith('-') && ((await exists(`refs/heads/${name}`)) || (await exists(`refs/remotes/${name}`)))) return 'branch';
  return 'other';
}

/** Tags that point at `sha` (peeled), sorted by name. */
export async function tagsAt(git: Git, sha: string): Promise<string[]> {
  const res = await git.run(['tag', '--points-at', sha], { allowFail: true });
  return res.stdout.split('\n').map((t) => t.trim()).filter(Boolean).sort();
}
