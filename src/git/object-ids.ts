import type { Git } from './git.js';

/**
 * The object id each of `names` (`<commit>:<path>`, `<ref>^{commit}`…) stands
 * for, from ONE `git cat-file --batch-check` (what `git rev-parse --verify -q`
 * gives for each, without a process per name); null where there is no such
 * object. Names the batch protocol cannot carry (a newline) are null.
 */
export async function objectIds(git: Git, names: readonly string[]): Promise<(string | null)[]> {
  const plain = names.filter((n) => !/[\n\r]/.test(n));
  if (plain.length === 0) return names.map(() => null);
  const res = await git.run(['cat-file', '--batch-check=%(objectname)'], { input: plain.map((n) => `${n}\n`).join('') });
  const answers = res.stdout.split('\n');
  const byName = new Map<string, string | null>();
  plain.forEach((n, i) => {
    const a = answers[i] ?? '';
    byName.set(n, /^[0-9a-f]{40,64}$/.test(a) ? a : null);
  });
  return names.map((n) => byName.get(n) ?? null);
}
