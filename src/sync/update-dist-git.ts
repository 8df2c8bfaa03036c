import { mergeTrackerRefs } from '../core/patches/tracker-refs.js';
import type { MacroContext } from '../core/spec/index.js';
import type { RunScope } from '../core/run-scope.js';
import { assertClean, lockRepo, type Git } from '../git/index.js';
import { findSyncState, refuseToClobber } from './sync-state/index.js';
import { isEmptyPlan, planDistGit } from './plan-dist-git.js';
import { createPlanMemo } from './plan-memo.js';
import { openDistGit, readDistGit, type DistGitSnapshot } from './read-dist-git.js';
import { openSourceGit, readSourceGit, type SourceGitSnapshot } from './read-source-git.js';
import { allInOrder } from '../core/all-in-order.js';
import { writeDistGitPlan } from './write-dist-git-plan.js';
import { scopeOf, type RunDeps } from './run-deps.js';
import { commitsSinceSync } from './tracker-refs-since-sync.js';
import { addRefsToNewChangelogEntry, distGitCommitMessage } from './carry-tracker-refs.js';
import { assertFixedUpstreamRef } from './pin-upstream-ref.js';
import { evalWithRpm, specsOf } from './eval-with-rpm.js';

export interface UpdateDistGitOptions {
  sourceGitDir: string;
  distGitDir: string;
  /** Commit in dist-git with this message (plus a From-source-git-commit trailer). */
  message?: string;
  /** Source-git ref to take (default HEAD). */
  ref?: string;
  macros?: MacroContext;
  /** Compute and report, write nothing. */
  dryRun?: boolean;
  /** Overwrite dist-git files that hand-made dist-git commits changed and source-git lacks. */
  force?: boolean;
  /** Refuse a patch file larger than this (default 10 MB), naming its commit and file. */
  maxPatchBytes?: number;
  /** With message: make the commit but move no ref and touch no checkout (the caller lands it); its sha is commitSha. */
  commitOnly?: boolean;
}

export interface UpdateDistGitResult {
  changed: boolean;
  commitSha?: string;
  sourceGitCommit: string;
  added: string[];
  updated: string[];
  removed: string[];
  kept: string[];
  specChanged: boolean;
  /** Paths written or deleted in dist-git. */
  files: string[];
  notes: string[];
}

/** source-git → dist-git: patch files, spec edits and .distro/ files. */
export async function updateDistGit(deps: RunDeps, opts: UpdateDistGitOptions): Promise<UpdateDistGitResult> {
  const { log } = deps;
  const scope = scopeOf(deps);
  const [sgGit, dgGit] = await allInOrder<[Git, Git]>([openSourceGit(opts.sourceGitDir, log, scope), openDistGit(opts.distGitDir, log, scope)]);
  const unlock = opts.dryRun ? async () => undefined : await lockRepo(dgGit, 'dist-git', scope, log);
  try {
    return await updateLocked(scope, sgGit, dgGit, opts, { ...deps, scope });
  } finally {
    await unlock();
  }
}

async function updateLocked(scope: RunScope, sgGit: Git, dgGit: Git, opts: UpdateDistGitOptions, deps: RunDeps): Promise<UpdateDistGitResult> {
  const { log } = deps;
  // one memo for the run: the snapshots' files, and the sync-state search's plans of older pairs, read once
  const memo = createPlanMemo();
  // reads run beside the checks; a failure is reported as if they had run one after the other
  const [, sg] = await allInOrder<[unknown, SourceGitSnapshot]>([
    Promise.all([opts.commitOnly ? undefined : assertClean(dgGit, 'dist-git'), opts.ref ? undefined : assertClean(sgGit, 'source-git')]),
    readSourceGit(sgGit, opts.ref ?? 'HEAD', memo),
  ]);
  for (const note of sg.configNotes) log.warn(note);
  const [, dg] = await allInOrder<[void, DistGitSnapshot]>([
    assertFixedUpstreamRef(sgGit, sg.config.upstream_ref, opts.sourceGitDir, sg.upstreamIsTag),
    readDistGit(dgGit, { pkgName: sg.config.downstream_package_name, memo }),
  ]);
  const ctx = await evalWithRpm(deps, specsOf(dg, sg), opts.macros ?? {});
  const plan = await planDistGit(sg, dg, ctx, opts.maxPatchBytes !== undefined ? { maxPatchBytes: opts.maxPatchBytes } : {}, memo);
  const state = dg.head && !isEmptyPlan(plan) ? await findSyncState({ sg, dg, made: plan.made, ctx, memo, plan }) : undefined;
  if (!opts.force && state) refuseToClobber(state, [...plan.writes.keys(), ...plan.deletes], opts);
  // Tracker references (Resolves:/Related:) of the source-git commits this sync brings go into the new %changelog entry and the commit message.
  const since = isEmptyPlan(plan) ? undefined : await commitsSinceSync(sgGit, { from: state && state.syncPoint ? (state.syncPoint.sourceGit ?? undefined) : sg.upstreamSha, sgHead: sg.head }, memo);
  const refNote = since ? addRefsToNewChangelogEntry(plan, dg, since.refs) : undefined;
  if (refNote) plan.notes.push(refNote);
  const files = [...plan.writes.keys(), ...plan.deletes];
  const result: UpdateDistGitResult = {
    changed: !isEmptyPlan(plan),
    sourceGitCommit: sg.head,
    added: plan.added,
    updated: plan.updated,
    removed: plan.removed,
    kept: plan.kept,
    specChanged: plan.specChanged,
    files,
    notes: plan.notes,
  };
  if (!result.changed) {
    log.info('dist-git is already up to date');
    return result;
  }
  if (opts.dryRun) return result;
  const message = opts.message ? distGitCommitMessage(opts.message, since?.refs ?? mergeTrackerRefs([]), sg.head) : undefined;
  const target = message ? { commit: { message }, landing: opts.commitOnly ? ('none' as const) : ('head' as const) } : {};
  const sha = await writeDistGitPlan(dgGit, dg.head, plan, target, scope, dg.modes);
  log.info(`dist-git: ${files.length} file(s) changed${sha ? `, committed ${sha.slice(0, 12)}` : ', staged'}`);
  return { ...result, ...(sha ? { commitSha: sha } : {}) };
}
