import { isDistsyncError } from '../../core/errors.js';
import { effectLines } from '../../core/openpatch/index.js';
import type { OpenpatchRebuildResult } from '../../sync/openpatch-rebuild.js';

/** The rebuild PR's body: provenance, the directive report, the files. */
export function rebuildPullBody(webBaseUrl: string, upstreamRepo: string, r: OpenpatchRebuildResult): string {
  return [
    `Rebuild of \`${r.branch}\` from ${webBaseUrl}/${upstreamRepo}/commit/${r.upstreamCommit} (\`${r.upstreamBranch}\`) with the Open Patch directives${r.directivesCommit ? ` of \`${r.directivesCommit.slice(0, 12)}\`` : ''}.`,
    '',
    '**Directives**',
    '',
    ...effectLines(r.effects).map((l) => `- ${l}`),
    '',
    '**Files**',
    '',
    ...r.added.map((f) => `- added \`${f}\``),
    ...r.updated.map((f) => `- updated \`${f}\``),
    ...r.removed.map((f) => `- removed \`${f}\``),
    '',
    'distsync updates this pull request on every push to the upstream branch; comment `/distsync rebuild` in this repository to run it by hand.',
  ].join('\n');
}

/** The failure issue's body: what failed, where, and the next step. */
export function rebuildFailureBody(branch: string, upstream: string, e: unknown): string {
  const detail = isDistsyncError(e) ? e.format() : e instanceof Error ? e.message : String(e);
  return [
    `The rebuild of \`${branch}\` from \`${upstream}\` failed, so no pull request was opened or updated:`,
    '',
    '```',
    detail,
    '```',
    '',
    'Fix the directives (or the configuration), then comment `/distsync rebuild` here or wait for the next upstream push. This issue is updated by each failing run.',
  ].join('\n');
}

export const rebuildIssueTitle = (branch: string) => `[distsync] Rebuild of ${branch} failed`;
export const rebuildBranchFor = (branch: string) => `distsync/rebuild-${branch}`;
