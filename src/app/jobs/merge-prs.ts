import { parseRepo, type CheckRun, type CommitStatus, type Forge, type MergeMethod, type RepoRef } from '../../forge/types.js';
import type { AppDeps } from '../app-deps.js';
import type { MergeMethods } from '../config/distsync-config-schema.js';

export type MergeResult = { merged: true; message: string } | { merged: false; message: string };

const GREEN = new Set(['success', 'neutral', 'skipped']);

/**
 * Merge the dist-git PR first, then the source-git PR — only when every dist-git check is green
 * and neither head moved — each by the method the config gives for its side.
 */
export async function mergePrs(deps: AppDeps, forge: Forge, sourceRepo: string, pr: number, methods: MergeMethods): Promise<MergeResult> {
  const link = await deps.store.getPrLinkBySource(sourceRepo, pr);
  if (!link) return { merged: false, message: 'This pull request has no dist-git pull request yet; comment `/distsync sync` first.' };
  const dist = parseRepo(link.distRepo);
  const source = parseRepo(sourceRepo);
  const [distPull, sourcePull] = await Promise.all([forge.getPull(dist, link.distPr), forge.getPull(source, pr)]);
  const distRef = `${link.distRepo}#${link.distPr}`;
  if (distPull.headSha !== link.distHeadSha) {
    return { merged: false, message: `The head of ${distRef} moved (${distPull.headSha.slice(0, 12)}, synced ${link.distHeadSha.slice(0, 12)}). Nothing was merged; comment \`/distsync sync\` to resync first.` };
  }
  if (!sourcePull.merged && sourcePull.headSha !== link.sourceHeadSha) {
    return { merged: false, message: `This pull request has commits not yet synced to ${distRef}. Nothing was merged; wait for the sync to finish.` };
  }
  const [runs, statuses] = await Promise.all([forge.listCheckRuns(dist, distPull.headSha), forge.listStatuses(dist, distPull.headSha)]);
  const red = notGreen(runs, statuses);
  if (red.length > 0) {
    return { merged: false, message: `Not all checks on ${distRef} passed, so nothing was merged:\n${red.map((r) => `- ${r}`).join('\n')}` };
  }
  if (distPull.merged && sourcePull.merged) return { merged: false, message: `${distRef} and this pull request are already merged; nothing to do.` };
  const refused = async (repo: RepoRef, n: number, sha: string, method: MergeMethod, side: 'source_git' | 'dist_git', what: string) => {
    try {
      await forge.mergePull(repo, n, sha, method);
      return undefined;
    } catch (e) {
      if ((e as { status?: unknown }).status !== 405) throw e;
      const why = (e as Error).message;
      return `GitHub refused to merge ${what} by ${method} (${why}). Allow that method in the repository settings or set \`distsync.merge_method.${side}\` in .distro/source-git.yaml to one it allows, then comment \`/distsync merge\` again.`;
    }
  };
  if (distPull.state === 'open') {
    const no = await refused(dist, link.distPr, distPull.headSha, methods.distGit, 'dist_git', distRef);
    if (no) return { merged: false, message: `${no} Nothing was merged.` };
  }
  if (sourcePull.state === 'open') {
    const no = await refused(source, pr, sourcePull.headSha, methods.sourceGit, 'source_git', 'this pull request');
    if (no) return { merged: false, message: `Merged ${distRef}, but ${no.charAt(0).toLowerCase()}${no.slice(1)}` };
  }
  return { merged: true, message: `Merged ${distRef}, then this pull request.` };
}

function notGreen(runs: CheckRun[], statuses: CommitStatus[]): string[] {
  return [
    ...runs.filter((r) => r.status !== 'completed' || !GREEN.has(r.conclusion ?? '')).map((r) => `${r.name}: ${r.status === 'completed' ? r.conclusion : r.status}`),
    ...statuses.filter((s) => s.state !== 'success').map((s) => `${s.context}: ${s.state}`),
  ];
}
