/** Name of the dist-git branch that carries a proposed version into one dist-git branch. */
export function proposeBranchFor(distBranch: string, version: string): string {
  return `propose-downstream/${distBranch}/${version}`;
}

/** The version a branch named by proposeBranchFor carries, or undefined for any other branch. */
export function proposedVersionOf(branch: string): string | undefined {
  return /^propose-downstream\/[^/]+\/([^/]+)$/.exec(branch)?.[1];
}
