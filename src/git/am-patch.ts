import type { Git } from './git.js';
import { gitError } from './git-error.js';
import { resolveRef } from './resolve-ref.js';
import { FALLBACK_COMMITTER } from './commit-all.js';
import { safeRepoSubdir } from './safe-dir.js';

export interface AmPatchOptions {
  strip?: number;
  directory?: string;
  /** Use the author date as committer date too (reproducible commit ids). Default false. */
  committerDateIsAuthorDate?: boolean;
}

/**
 * `git am --keep-cr` one mbox patch (authorship and message from the mail).
 * Returns the new commit, or null after `git am --abort` when am cannot take
 * the patch (not a mail, does not apply, `From: IBM developers` without an
 * address…): the caller then falls back to applyPatch + commitAll.
 */
export async function amPatch(git: Git, patchText: Buffer | string, opts: AmPatchOptions = {}): Promise<string | null> {
  const dir = safeRepoSubdir(opts.directory);
  const args = [
    'am', '-q', '--keep-cr', '--no-3way', '--no-scissors', '--no-message-id', '--whitespace=nowarn',
    ...(opts.strip !== undefined ? [`-p${opts.strip}`] : []),
    ...(dir ? [`--directory=${dir}`] : []),
    ...(opts.committerDateIsAuthorDate ? ['--committer-date-is-author-date'] : []),
  ];
  let res = await git.run(args, { input: patchText, allowFail: true });
  if (res.code !== 0 && /committer identity unknown|unable to auto-detect email/i.test(res.stderr)) {
    await git.run(['am', '--abort'], { allowFail: true });
    res = await git.run(args, {
      input: patchText,
      allowFail: true,
      env: { GIT_COMMITTER_NAME: FALLBACK_COMMITTER.name, GIT_COMMITTER_EMAIL: FALLBACK_COMMITTER.email },
    });
  }
  if (res.code !== 0) {
    await git.run(['am', '--abort'], { allowFail: true });
    // A usage error or a missing repo is our bug or the caller's, not a patch git am cannot take.
    if (res.code === 129 || /not a git repository|unknown option/i.test(res.stderr)) throw gitError(args, git.cwd, res.code, res.stderr);
    return null;
  }
  return resolveRef(git, 'HEAD');
}
