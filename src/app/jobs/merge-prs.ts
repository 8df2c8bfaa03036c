import { parseRepo, type CheckRun, type CommitStatus, type Forge, type MergeMethod } from '../../forge/types.js';
import type { AppDeps } from '../app-deps.js';
import type { DistForgeFor, DistGitSide } from '../dist-forge-for.js';
import type { MergeMethods } from '../config/distsync-config-schema.js';

export type MergeResult = { merged: true; message: string } | { merged: false; message: string };

const GREEN = new Set(['success', 'neutral', 'skipped']);

/** The source-git GitHub, and how to reach the package's dist-git forge. */
export interface MergeForges {
  forge: Forge;
  distFor: DistForgeFor;
  installationId: number;
}

/**
 * Merge the dist-git PR first, then the source-git PR — only when every dist-git check is green
 * and neither head moved — each by the method the config gives for its side. Dist-git may live
 * on GitHub, Forgejo or GitLab; the merge there names the head it expects.
 */
export async function mergePrs(deps: AppDeps, forges: MergeForges, sourceRepo: string, pr: number, methods: MergeMethods): Promise<MergeResult> {
  const { forge } = forges;
  const link = await deps.store.getPrLinkBySource(sourceRepo, pr);
  if (!link) return { merged: false, message: 'This pull request has no dist-git pull request yet; comment `/distsync sync` first.' };
  const side = await forges.distFor(forges.installationId, { repo: link.distRepo });
  const dist = side.repo;
  const source = parseRepo(sourceRepo);
  const [distPull, sourcePull] = await Promise.all([side.forge.getPull(dist, link.distPr), forge.getPull(source, pr)]);
  const distRef = `${link.distRepo}#${link.distPr}`;
  if (distPull.headSha !== link.distHeadSha) {
    return { merged: false, message: `The head of ${distRef} moved (${distPull.headSha.slice(0, 12)}, synced ${link.distHeadSha.slice(0, 12)}). Nothing was merged; comment \`/distsync sync\` to resync first.` };
  }
  if (!sourcePull.merged && sourcePull.headSha !== link.sourceHeadSha) {
    return { merged: false, message: `This pull request has commits not yet synced to ${distRef}. Nothing was merged; wait for the sync to finish.` };
  }
  const red = await redChecks(forge, side, distPull.headSha);
  if (red.length > 0) {
    return { merged: false, message: `Not all checks on ${distRef} passed, so nothing was merged:\n${red.map((r) => `- ${r}`).join('\n')}` };
  }
  if (distPull.merged && sourcePull.merged) return { merged: false, message: `${distRef} and this pull request are already merged; nothing to do.` };
  if (distPull.state === 'open') {
    const no = await refused(() => side.forge.mergePull(dist, link.distPr, distPull.headSha, methods.distGit), side.forge.kind, methods.distGit, 'dist_git', distRef);
    if (no) return { merged: false, message: `${no} Nothing was merged.` };
  }
  if (sourcePull.state === 'open') {
    const no = await refused(() => forge.mergePull(source, pr, sourcePull.headSha, methods.sourceGit), 'GitHub', methods.sourceGit, 'source_git', 'this pull request');
    if (no) return { merged: false, message: `Merged ${distRef}, but ${no.charAt(0).toLowerCase()}${no.slice(1)}` };
  }
  return { merged: true, message: `Merged ${distRef}, then this pull request.` };
}

/**
 * Run `merge`; undefined when it merged, the sentence to show when the forge refused (405: method
 * not allowed, protection, conflicts). Other errors are thrown.
 */
export async function refused(merge: () => Promise<void>, forgeName: string, method: MergeMethod, key: 'source_git' | 'dist_git', what: string): Promise<string | undefined> {
  try {
    await merge();
    return undefined;
  } catch (e) {
    if ((e as { status?: unknown }).status !== 405) throw e;
    const why = (e as Error).message;
    return `${forgeName} refused to merge ${what} by ${method} (${why}). Allow that method in the repository settings or set \`distsync.merge_method.${key}\` in .distro/source-git.yaml to one it allows, then comment \`/distsync merge\` again.`;
  }
}

/** The checks of a dist-git head that are not green: check runs (GitHub only) and commit statuses (every forge). */
export async function redChecks(forge: Forge, side: DistGitSide, sha: string): Promise<string[]> {
  const [runs, statuses] = await Promise.all([side.host ? Promise.resolve([]) : forge.listCheckRuns(side.repo, sha), side.forge.listStatuses(side.repo, sha)]);
  return notGreen(runs, statuses);
}

function notGreen(runs: CheckRun[], statuses: CommitStatus[]): string[] {
  return [
    ...runs.filter((r) => r.status !== 'completed' || !GREEN.has(r.conclusion ?? '')).map((r) => `${r.name}: ${r.status === 'completed' ? r.conclusion : r.status}`),
    ...statuses.filter((s) => s.state !== 'success').map((s) => `${s.context}: ${s.state}`),
  ];
}
