import type { PrLink } from '../../store/types.js';
import type { MergeForges } from './merge-prs.js';

const GREEN = ['success', 'neutral', 'skipped'];

/**
 * Run a dist-git PR's CI again, on whichever forge holds it: the package's `retest_comment` on
 * the PR when it has one; else GitLab's pipeline retry, or on GitHub a rerequest of the failed
 * check runs. Forgejo has no re-run API: without retest_comment the answer says so.
 */
export async function retestDistGit(forges: MergeForges, link: PrLink, retestComment: string | undefined): Promise<string> {
  const side = await forges.distFor(forges.installationId, { repo: link.distRepo });
  const ref = `${link.distRepo}#${link.distPr}`;
  if (retestComment) {
    await side.forge.comment(side.repo, link.distPr, retestComment);
    return `Asked for a retest on ${ref}.`;
  }
  if (side.host) {
    if (await side.forge.retryCi(side.repo, link.distHeadSha)) return `Re-ran the failed CI of ${ref} (${side.forge.kind}).`;
    return side.host.kind === 'gitlab'
      ? `No failed or canceled pipeline on ${ref} to re-run.`
      : `${side.forge.kind} has no API to re-run CI: set \`retest_comment\` in .distro/distsync.yaml to the comment your dist-git CI re-runs on (like \`/retest\`).`;
  }
  const failed = (await forges.forge.listCheckRuns(side.repo, link.distHeadSha)).filter((r) => r.status === 'completed' && !GREEN.includes(r.conclusion ?? ''));
  for (const r of failed) await forges.forge.rerequestCheckRun(side.repo, r.id);
  return failed.length ? `Re-requested ${failed.map((r) => r.name).join(', ')} on ${ref}.` : `No failed checks on ${ref} to re-run.`;
}
