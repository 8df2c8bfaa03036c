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

/**
 * The commit `${name}^{commit}` names (what resolveRef gives) and that `name` is a tag (what
 * refKind says), both from ONE `git rev-parse`: only for a plain name (no range, no '@', not an
 * object id) whose tag ref exists and resolves to itself. null in every other case (no such
 * commit, not a tag, an ambiguous name): ask resolveRef and refKind, one question each.
 */
export async function commitOfTag(git: Git, name: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._/+-]*$/.test(name) || name.includes('..') || /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name)) return null;
  const tagRef = `refs/tags/${name.replace(/^refs\/tags\//, '')}`;
  const res = await git.run(['rev-parse', `${name}^{commit}^{commit}`, '--symbolic-full-name', tagRef], { allowFail: true });
  const lines = res.stdout.split('\n');
  if (res.code !== 0 || lines.length !== 3 || lines[2] !== '' || lines[1] !== tagRef || !/^[0-9a-f]{40,64}$/.test(lines[0]!)) return null;
  return lines[0]!;
}
