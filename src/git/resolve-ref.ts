import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';

/** The commit a ref names (tags are peeled). ref-not-found when there is none. */
export async function resolveRef(git: Git, ref: string): Promise<string> {
  if (ref.startsWith('-') || ref.includes('\0')) {
    throw new DistsyncError('ref-not-found', `'${ref}' is not a valid ref name`, { next: 'pass a branch, tag or commit id' });
  }
  const res = await git.run(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { allowFail: true });
  const sha = res.stdout.trim();
  if (res.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new DistsyncError('ref-not-found', `${ref} does not name a commit in ${git.cwd}`, {
      next: `check the name (git -C ${git.cwd} show-ref); fetch it if it lives in a remote (git -C ${git.cwd} fetch --tags)`,
    });
  }
  return sha;
}

/** The commit HEAD points at; ref-not-found in a repository without commits. */
export async function headSha(git: Git): Promise<string> {
  return resolveRef(git, 'HEAD');
}
