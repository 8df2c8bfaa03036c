import { hasTrackerRef, mergeTrackerRefs, trackerRefsOf, type TrackerRefs } from '../core/patches/tracker-refs.js';
import { listCommits, type CommitInfo, type Git } from '../git/index.js';
import type { PlanMemo } from './plan-memo.js';

export interface CommitsSinceSync {
  /** Source-git commits this sync brings to dist-git, oldest first. */
  commits: CommitInfo[];
  refs: TrackerRefs;
  /** Commits (not merges) with no Resolves/Related reference we know. */
  lacking: CommitInfo[];
}

/**
 * The source-git commits `from`..`sgHead` (from = source-git's side of the sync point, see
 * sync-state; upstream when nothing was synced yet), with their tracker references. No `from`
 * (the sync point's source-git side is unknown), or one that is not in this history (a new
 * upstream version, rebased): nothing, those commits were carried before.
 */
export async function commitsSinceSync(
  sgGit: Git,
  range: { from: string | undefined; sgHead: string },
  memo?: Pick<PlanMemo, 'chainBetween'>,
): Promise<CommitsSinceSync> {
  const none = { commits: [], refs: mergeTrackerRefs([]), lacking: [] };
  if (!range.from || range.from === range.sgHead) return none;
  // the run's plan listed these commits already (a merge-free line): no git call
  const known = memo?.chainBetween(sgGit, range.from, range.sgHead);
  if (!known && (await sgGit.run(['merge-base', '--is-ancestor', range.from, range.sgHead], { allowFail: true })).code !== 0) return none;
  const commits = known ?? (await listCommits(sgGit, `${range.from}..${range.sgHead}`));
  const each = commits.map((c) => trackerRefsOf(c.message));
  return { commits, refs: mergeTrackerRefs(each), lacking: commits.filter((c, i) => c.parents.length < 2 && !hasTrackerRef(each[i]!)) };
}
