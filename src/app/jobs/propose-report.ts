import { publicErrorText } from './public-error-text.js';
import { isDistsyncError } from '../../core/errors.js';
import type { Forge, RepoRef } from '../../forge/types.js';
import { formatRebaseReport } from '../../sync/rebase-downstream.js';
import type { ProposeDownstreamResult } from '../../sync/propose-downstream.js';

/** Title of the one issue a failed propose-downstream of `label` opens (found again by this exact title). */
export function failureIssueTitle(label: string): string {
  return `distsync: propose-downstream ${label} failed`;
}

/** An error as shown to users: the engine's message and next step, with the App's scratch paths replaced by names. */
export function describeProposeError(e: unknown, paths: Record<string, string>): string {
  return publicErrorText(e, paths);
}

/** Open the failure issue, or update the open one with the same title (a re-run that fails again). */
export async function reportFailure(forge: Forge, repo: RepoRef, botLogin: string, title: string, body: string): Promise<string> {
  const existing = await forge.findOpenIssue(repo, botLogin, title);
  if (existing) {
    await forge.updateIssue(repo, existing.number, { body });
    return existing.htmlUrl;
  }
  return (await forge.createIssue(repo, { title, body })).htmlUrl;
}

export interface ProposedBodies {
  sourceRepo: string;
  distRepo: string;
  distBranch: string;
  webBaseUrl: string;
  result: ProposeDownstreamResult;
  lookaside: string;
}

function reportLines(r: ProposeDownstreamResult): string[] {
  const lines = formatRebaseReport(r.report);
  return [
    `Downstream patches carried onto \`${r.tag}\`:`,
    ...(lines.length ? lines.map((l) => `- ${l}`) : ['- (no downstream patches)']),
    '',
    `Tarball: \`${r.tarball.file}\` (${r.tarball.algo} \`${r.tarball.hash}\`), ${r.tarball.uploaded === false ? 'already in the lookaside (verified, nothing uploaded)' : 'uploaded to the lookaside'}.`,
    ...(r.notes.length ? ['', 'Notes:', ...r.notes.map((n) => `- ${n}`)] : []),
  ];
}

/** Body of the dist-git PR for one dist-git branch. */
export function distPullBody(b: ProposedBodies, sourcePullUrl: string): string {
  return [
    `Update ${b.distBranch} to upstream ${b.result.version} (tag \`${b.result.tag}\` of ${b.webBaseUrl}/${b.sourceRepo}).`,
    '',
    ...reportLines(b.result),
    '',
    `Source-git pull request with the rebased patches: ${sourcePullUrl}`,
    '',
    'Made by distsync propose-downstream; re-running it for the same version updates this pull request.',
  ].join('\n');
}

/** Body of the source-git PR with the rebased branch. */
export function sourcePullBody(b: Omit<ProposedBodies, 'distBranch'>, distBranches: string[]): string {
  return [
    `Rebase the downstream patches onto upstream ${b.result.version} (tag \`${b.result.tag}\`) and move \`upstream_ref\` to it.`,
    '',
    ...reportLines(b.result),
    '',
    `Dist-git pull requests: ${distBranches.map((d) => `${b.distRepo} ${d}`).join(', ')} (branch \`propose-downstream/<dist-git branch>/${b.result.version}\`).`,
    '',
    'Made by distsync propose-downstream; re-running it for the same version updates this pull request.',
  ].join('\n');
}
