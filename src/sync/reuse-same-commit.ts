import type { Git } from '../git/index.js';

/** The commit a branch points at, or undefined when there is no such branch. */
export async function branchHead(git: Git, branch: string): Promise<string | undefined> {
  const sha = (await git.run(['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`], { allowFail: true })).stdout.trim();
  return sha || undefined;
}

/**
 * The commit a proposal branch should point at after a (re-)run made `fresh`:
 * its previous commit `old` when that has the same tree and the same parents
 * (a re-run that changed nothing keeps its sha, so nothing is re-pushed), else
 * `fresh`.
 */
export async function reuseSameCommit(git: Git, old: string | undefined, fresh: string): Promise<string> {
  if (!old || old === fresh) return fresh;
  const shape = async (sha: string) => (await git.run(['show', '-s', '--format=%T %P', sha])).stdout.trim();
  return (await shape(old)) === (await shape(fresh)) ? old : fresh;
}
