import type { MacroContext } from '../../core/spec/index.js';
import type { Git } from '../../git/index.js';
import type { DistGitPlan } from '../plan-dist-git.js';
import { createPlanMemo, type PlanMemo } from '../plan-memo.js';
import type { DistGitSnapshot } from '../read-dist-git.js';
import type { SourceGitSnapshot } from '../read-source-git.js';
import { classifyDistGitCommits, type DistGitCommitState } from './classify-dist-git-commits.js';
import { findSyncPoint, type SyncPoint } from './find-sync-point.js';
import { lazyFirstParentLine, readHistory, type HistoryCommit } from './history.js';
import { contentOracle } from './source-makes-dist-git.js';
import { readSourceGitFacts } from './source-git-facts.js';

/** Where source-git and dist-git stand towards each other: the one answer every command uses. */
export interface SyncState {
  /** The last pair of commits that held the same package; null when nothing ties the histories together. */
  syncPoint: SyncPoint | null;
  /** dist-git commits after the sync point (every parent), oldest first, each judged. */
  distGitCommits: DistGitCommitState[];
  /** Those of them source-git does not have: what update-source-git carries back. */
  handCommits: DistGitCommitState[];
  /** source-git commits after its side of the sync point, linearised, oldest first; null when that side is unknown. */
  sourceGitCommits: { sha: string; subject: string }[] | null;
}

export interface SyncStateInput {
  sg: SourceGitSnapshot;
  dg: DistGitSnapshot;
  /** What source-git makes now (dist-git path → bytes, e.g. a plan's `made`); null when it cannot be computed. */
  made: Map<string, Buffer> | null;
  ctx: MacroContext;
  /** The run's reads of git (each commit diffed once, each dist-git file read once), shared with the caller's own plan. */
  memo?: PlanMemo;
  /** The caller's plan of sg.head against dg.head, when it made one: that pair is not planned again. */
  plan?: DistGitPlan;
}

/**
 * The sync state of `sg.head` and `dg.head`. Sync points are found by
 * trailers (distsync's and Packit's) checked against content, by merges of
 * synced commits, and by content alone; every dist-git commit after it is
 * judged by trailers, by merge shape and by content. See README, "Sync state".
 */
export async function findSyncState(input: SyncStateInput): Promise<SyncState> {
  const { sg, dg } = input;
  if (!dg.head) return { syncPoint: null, distGitCommits: [], handCommits: [], sourceGitCommits: null };
  const memo = input.memo ?? createPlanMemo();
  const facts = await readSourceGitFacts(sg.git, sg.upstreamSha, sg.head, memo);
  const line = lazyFirstParentLine(dg.git, dg.head);
  const known = new Map<string, HistoryCommit>();
  const lookup = async (sha: string): Promise<HistoryCommit | undefined> => {
    if (!known.has(sha)) for (const c of await readHistory(dg.git, ['--no-walk', sha])) known.set(c.sha, c);
    return known.get(sha);
  };
  const oracle = contentOracle(sg.git, dg.git, { pkgName: dg.layout.pkgName, ctx: input.ctx, memo, known: { sg, dg, ...(input.plan ? { plan: input.plan } : {}) } });
  const syncPoint = await findSyncPoint(sg.git, facts, line, lookup, oracle);
  if (!syncPoint) return { syncPoint, distGitCommits: [], handCommits: [], sourceGitCommits: null };
  const since = syncPoint.distGit === dg.head ? [] : await readHistory(dg.git, ['--topo-order', '--reverse', `${syncPoint.distGit}..${dg.head}`]);
  const distGitCommits = await classifyDistGitCommits(dg.git, since, facts, input.made);
  return {
    syncPoint,
    distGitCommits,
    handCommits: distGitCommits.filter((c) => c.kind === 'hand'),
    sourceGitCommits: syncPoint.sourceGit ? await sourceGitSince(sg.git, syncPoint.sourceGit, sg.head, memo) : null,
  };
}

async function sourceGitSince(git: Git, from: string, head: string, memo: PlanMemo): Promise<{ sha: string; subject: string }[]> {
  if (from === head) return [];
  const commits = await memo.commits(git, from, head, ['.distro']);
  return commits.map((c) => ({ sha: c.original ?? c.sha, subject: c.message.split('\n')[0] ?? '' }));
}
