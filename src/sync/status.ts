import type { MacroContext } from '../core/spec/index.js';
import { createPlanMemo } from './plan-memo.js';
import { isEmptyPlan, planDistGit } from './plan-dist-git.js';
import { openDistGit, readDistGit } from './read-dist-git.js';
import { openSourceGit, readSourceGit } from './read-source-git.js';
import { findSyncState, sourceMovedBeyondHandCommits, type SyncPoint } from './sync-state/index.js';
import { findPatchProblems } from './patch-problems.js';
import { movingUpstreamRef } from './pin-upstream-ref.js';
import { evalWithRpm, specsOf } from './eval-with-rpm.js';
import type { RunDeps } from './run-deps.js';

/** blocked: something must be fixed before the two sides can be compared (see `problems`). */
export type SyncState = 'in-sync' | 'ahead' | 'behind' | 'diverged' | 'differs' | 'blocked';

export interface SyncStatus {
  state: SyncState;
  sourceGitHead: string;
  distGitHead: string | null;
  /** dist-git side of the last sync point (see README, "Sync state"). */
  syncPoint: string | null;
  /** The whole sync point: both commits and how it was recognised. */
  syncPointDetail: SyncPoint | null;
  /** dist-git commits since the sync point that source-git does not have, oldest first. */
  handCommits: { sha: string; subject: string }[];
  /** source-git commits since its side of the sync point (linearised), oldest first; null when unknown. */
  sourceGitCommits: { sha: string; subject: string }[] | null;
  /** dist-git files update-dist-git would write or delete now. */
  pendingFiles: string[];
  /** What is broken (a patch that no longer applies, CRLF line ends, a moving upstream_ref), each with its fix. */
  problems: { file?: string; message: string; next: string }[];
  summary: string;
  /** Commands to run, in order. */
  next: string[];
}

/**
 * Where the two repos stand. Content decides (what update-dist-git would
 * write), the sync state tells which side moved: a mass rebuild or a hand
 * edit without trailers still shows.
 */
export async function syncStatus(deps: RunDeps, opts: { sourceGitDir: string; distGitDir: string; macros?: MacroContext }): Promise<SyncStatus> {
  const res = await judge(deps, opts);
  if (res.problems.length === 0 || res.state === 'blocked') return res;
  return {
    ...res,
    summary: `${res.summary}; ${res.problems.length} problem(s): ${res.problems.map((p) => p.message).join('; ')}`,
    next: [...res.problems.map((p) => p.next), ...res.next],
  };
}

async function judge(
  deps: RunDeps,
  opts: { sourceGitDir: string; distGitDir: string; macros?: MacroContext },
): Promise<SyncStatus> {
  const sgGit = await openSourceGit(opts.sourceGitDir, deps.log);
  const dgGit = await openDistGit(opts.distGitDir, deps.log);
  const sg = await readSourceGit(sgGit);
  for (const note of sg.configNotes) deps.log.warn(note);
  const pkgName = sg.config.downstream_package_name;
  const dg = await readDistGit(dgGit, { pkgName });
  const moving = await movingUpstreamRef(sgGit, sg.config.upstream_ref, opts.sourceGitDir);
  if (moving) {
    // never compare from a moving base: every patch would look dropped
    const problems = [{ file: '.distro/source-git.yaml', ...moving }];
    return {
      state: 'blocked', sourceGitHead: sg.head, distGitHead: dg.head, syncPoint: null, syncPointDetail: null,
      handCommits: [], sourceGitCommits: null, pendingFiles: [], problems, summary: moving.message, next: [moving.next],
    };
  }
  const ctx = await evalWithRpm(deps, specsOf(dg, sg), opts.macros ?? {});
  const memo = createPlanMemo();
  const plan = await planDistGit(sg, dg, ctx, {}, memo);
  const problems = await findPatchProblems(sgGit, sg.head, dg, plan, ctx);
  const pendingFiles = [...plan.writes.keys(), ...plan.deletes];
  const sync = await findSyncState({ sg, dg, made: plan.made, ctx, memo, plan });
  const handCommits = sync.handCommits.map((c) => ({ sha: c.sha, subject: c.subject }));
  const toDist = `distsync source-git update-dist-git ${opts.sourceGitDir} ${opts.distGitDir}`;
  const toSource = `distsync source-git update-source-git ${opts.distGitDir} ${opts.sourceGitDir}`;
  const base = {
    sourceGitHead: sg.head,
    distGitHead: dg.head,
    syncPoint: sync.syncPoint?.distGit ?? null,
    syncPointDetail: sync.syncPoint,
    handCommits,
    sourceGitCommits: sync.sourceGitCommits,
    pendingFiles,
    problems,
  };
  const hand = `dist-git has ${handCommits.length} commit(s) that source-git lacks`;

  if (isEmptyPlan(plan)) {
    if (handCommits.length === 0) return { ...base, state: 'in-sync', summary: 'source-git and dist-git are in sync', next: [] };
    // what they change is nothing source-git makes (e.g. a new file): still theirs to carry back
    return { ...base, state: 'behind', summary: hand, next: [toSource] };
  }
  if (!sync.syncPoint) {
    return {
      ...base,
      state: 'differs',
      summary: `dist-git differs from what source-git makes (${pendingFiles.length} file(s)), and neither trailers nor content tie a dist-git commit to source-git`,
      next: [`${toSource} <from>..<to>   # if dist-git was edited by hand`, `${toDist}   # if source-git is newer`],
    };
  }
  if (handCommits.length === 0) {
    return { ...base, state: 'ahead', summary: `source-git is ahead: ${pendingFiles.length} dist-git file(s) to update (${pendingFiles.join(', ')})`, next: [toDist] };
  }
  // Did source-git move too, beyond what the hand commits explain?
  const sourceMoved = await sourceMovedBeyondHandCommits(dgGit, sync, { head: dg.head!, pending: pendingFiles, made: plan.made });
  if (!sourceMoved) return { ...base, state: 'behind', summary: hand, next: [toSource] };
  return {
    ...base,
    state: 'diverged',
    summary: `both moved: ${hand}, and source-git has changes dist-git lacks`,
    next: [toSource, toDist],
  };
}
