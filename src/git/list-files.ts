import type { Git } from './git.js';

/** Files of the repo: tracked in the index (no ref) or in the tree of `ref`, paths from the top, sorted by git. */
export async function listFiles(git: Git, ref?: string): Promise<string[]> {
  const args = ref === undefined ? ['ls-files', '-z', '--full-name'] : ['ls-tree', '-r', '-z', '--name-only', '--full-tree', ref, '--'];
  const res = await git.run(args);
  return res.stdout.split('\0').filter((p) => p !== '');
}
