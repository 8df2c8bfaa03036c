import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';

/** The bytes of `path` (from the top of the repo) in `ref`, exactly as committed. */
export async function readBlob(git: Git, ref: string, path: string): Promise<Buffer> {
  const res = await git.runBuffer(['cat-file', 'blob', `${ref}:${path}`], { allowFail: true });
  if (res.code === 0) return res.stdout;
  if (/does not exist in|exists on disk, but not in/.test(res.stderr)) {
    throw new DistsyncError('git-failed', `${path} is not in ${ref} (${git.cwd})`, { file: path, next: `list the files with git -C ${git.cwd} ls-tree -r --name-only ${ref}` });
  }
  const why = res.stderr.trim().split('\n')[0] ?? '';
  if (/not a valid object name|invalid object name|bad revision/i.test(res.stderr)) {
    throw new DistsyncError('ref-not-found', `cannot read ${ref}:${path} in ${git.cwd}: ${why}`, {
      file: path,
      next: `check that ${ref} exists (git -C ${git.cwd} show-ref)`,
    });
  }
  throw new DistsyncError('git-failed', `cannot read ${ref}:${path} in ${git.cwd}: ${why}`, { file: path, next: `is ${path} a file? (git -C ${git.cwd} ls-tree ${ref} -- ${path})` });
}
