import { listCommits, type CommitInfo, type Git } from '../git/index.js';
import { getTrailer, parseCommitMessage } from '../core/patches/index.js';

const FIELD = '%x1f';
const RECORD = '%x1e';

/** Every value of `key` trailers in `ref`'s first-parent history, newest first. */
export async function trailerValues(git: Git, ref: string, key: string): Promise<string[]> {
  const res = await git.run(['log', '--first-parent', `--format=${RECORD}%(trailers:key=${key},valueonly,separator=${FIELD})`, ref]);
  return res.stdout
    .split('\x1e')
    .flatMap((r) => r.split('\x1f'))
    .map((v) => v.trim())
    .filter((v) => /^[0-9a-f]{40}$/.test(v));
}

async function isAncestor(git: Git, a: string, b: string): Promise<boolean> {
  const res = await git.run(['merge-base', '--is-ancestor', a, b], { allowFail: true });
  return res.code === 0;
}

/**
 * The newest dist-git commit that source-git says it contains
 * (From-dist-git-commit trailers) and that is still in dist-git's history.
 */
export async function lastDistGitSyncPoint(sgGit: Git, sgRef: string, dgGit: Git, dgHead: string): Promise<string | null> {
  const values = await trailerValues(sgGit, sgRef, 'From-dist-git-commit');
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) continue;
    seen.add(v);
    const exists = await dgGit.run(['cat-file', '-e', `${v}^{commit}`], { allowFail: true });
    if (exists.code === 0 && (await isAncestor(dgGit, v, dgHead))) return v;
  }
  return null;
}

/**
 * dist-git commits after the sync point that did not come from source-git
 * (no From-source-git-commit trailer) and that source-git has not carried
 * back (not named by a From-dist-git-commit trailer): hand edits, mass
 * rebuilds.
 */
export async function handMadeDistGitCommits(
  sgGit: Git,
  sgRef: string,
  dgGit: Git,
  dgHead: string,
): Promise<{ syncPoint: string | null; commits: CommitInfo[] }> {
  const syncPoint = await lastDistGitSyncPoint(sgGit, sgRef, dgGit, dgHead);
  if (!syncPoint) return { syncPoint, commits: [] };
  if (syncPoint === dgHead) return { syncPoint, commits: [] };
  const known = new Set(await trailerValues(sgGit, sgRef, 'From-dist-git-commit'));
  const commits = await listCommits(dgGit, `${syncPoint}..${dgHead}`, {});
  return {
    syncPoint,
    commits: commits.filter((c) => !known.has(c.sha) && !getTrailer(parseCommitMessage(c.message), 'From-source-git-commit')),
  };
}
