/**
 * What `/distsync merge` needs to publish a propose-downstream "Update to X" pull request,
 * written by the propose-downstream job as the last line of that PR's body (an HTML comment,
 * so people do not see it): the base branch sha the rebase was made from (the lease), the
 * source-git head it proposed, and each dist-git PR with the head it pushed.
 */
export interface Proposal {
  version: string;
  /** Source-git base branch and its sha when the rebase was made. */
  base: string;
  baseSha: string;
  /** The rebased source-git head (the PR head as proposed). */
  head: string;
  dist: { branch: string; pr: number; sha: string }[];
}

const PREFIX = '<!-- distsync-proposal ';
const SUFFIX = ' -->';

export function formatProposalMarker(p: Proposal): string {
  return `${PREFIX}${JSON.stringify(p)}${SUFFIX}`;
}

const SHA = /^[0-9a-f]{40}$/;

/** The proposal of a PR body, or undefined when it has none (or a damaged one). */
export function parseProposalMarker(body: string): Proposal | undefined {
  const line = body.split('\n').reverse().find((l) => l.startsWith(PREFIX) && l.endsWith(SUFFIX));
  if (!line) return undefined;
  try {
    const p = JSON.parse(line.slice(PREFIX.length, -SUFFIX.length)) as Proposal;
    const ok = typeof p.version === 'string' && typeof p.base === 'string' && SHA.test(p.baseSha) && SHA.test(p.head)
      && Array.isArray(p.dist) && p.dist.every((d) => typeof d.branch === 'string' && Number.isInteger(d.pr) && SHA.test(d.sha));
    return ok ? p : undefined;
  } catch {
    return undefined;
  }
}
