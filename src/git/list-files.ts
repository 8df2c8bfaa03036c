import type { Git } from './git.js';

/** Files of the repo: tracked in the index (no ref) or in the tree of `ref`, paths from the top, sorted by git. */
export async function listFiles(git: Git, ref?: string): Promise<string[]> {
  const args = ref === undefined ? ['ls-files', '-z', '--full-name'] : ['ls-tree', '-r', '-z', '--name-only', '--full-tree', ref, '--'];
  const res = await git.run(args);
  return res.stdout.split('\0').filter((p) => p !== '');
}

/**
 * The files of the tree of `ref` as listFiles gives them (same paths, same order), and the mode
 * of each (`100644`, `100755`, `120000`, `160000`), from the same ONE `git ls-tree`.
 */
export async function listFileModes(git: Git, ref: string): Promise<{ files: string[]; modes: Map<string, string> }> {
  const res = await git.run(['ls-tree', '-r', '-z', '--full-tree', ref, '--']);
  const files: string[] = [];
  const modes = new Map<string, string>();
  for (const rec of res.stdout.split('\0')) {
    if (rec === '') continue;
    const tab = rec.indexOf('\t');
    const path = rec.slice(tab + 1);
    files.push(path);
    modes.set(path, rec.slice(0, rec.indexOf(' ')));
  }
  return { files, modes };
}
