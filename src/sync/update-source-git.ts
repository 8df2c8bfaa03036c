import { DistsyncError } from '../core/errors.js';
import type { MacroContext } from '../core/spec/index.js';
import type { Logger } from '../core/log.js';
import type { RunScope } from '../core/run-scope.js';
import { assertClean, describeCommits, headSha, lockRepo, type CommitInfo, type Git } from '../git/index.js';
import { carryDistGitCommit } from './carry-dist-git-commit.js';
import { planDistGit } from './plan-dist-git.js';
import { createPlanMemo } from './plan-memo.js';
import { openDistGit, readDistGit, type DistGitSnapshot } from './read-dist-git.js';
import { openSourceGit, readSourceGit, type SourceGitSnapshot } from './read-source-git.js';
import { classifyDistGitCommits, findSyncState, readHistory, readSourceGitFacts } from './sync-state/index.js';
import { publishWorkRepo, startWorktree } from './work-repo.js';
import { assertFixedUpstreamRef } from './pin-upstream-ref.js';
import { scopeOf, type RunDeps } from './run-deps.js';

export interface UpdateSourceGitOptions {
  distGitDir: string;
  sourceGitDir: string;
  /** dist-git commits to carry back ('A..B'); default: those made since the last sync. */
  range?: string;
  macros?: MacroContext;
}

export interface UpdateSourceGitResult {
  /** New source-git commits, oldest first. */
  commits: string[];
  carried: { distGitCommit: string; sourceGitCommits: string[] }[];
  notes: string[];
}

/** dist-git → source-git: carry hand-made dist-git commits back, one by one, never overwriting them. */
export async function updateSourceGit(deps: RunDeps, opts: UpdateSourceGitOptions): Promise<UpdateSourceGitResult> {
  const { log } = deps;
  const scope = scopeOf(deps);
  const sgGit = await openSourceGit(opts.sourceGitDir, log, scope);
  const dgGit = await openDistGit(opts.distGitDir, log, scope);
  const unlock = await lockRepo(sgGit, 'source-git', scope, log);
  try {
    return await carryLocked(log, scope, sgGit, dgGit, opts);
  } finally {
    await unlock();
  }
}

async function carryLocked(log: Logger, scope: RunScope, sgGit: Git, dgGit: Git, opts: UpdateSourceGitOptions): Promise<UpdateSourceGitResult> {
  await assertClean(sgGit, 'source-git');
  const sg = await readSourceGit(sgGit);
  await assertFixedUpstreamRef(sgGit, sg.config.upstream_ref, opts.sourceGitDir, sg.upstreamIsTag);
  const dg = await readDistGit(dgGit, { pkgName: sg.config.downstream_package_name });
  const todo = await commitsToCarry(opts, sg, dg, opts.macros ?? {});
  const notes: string[] = [];
  if (todo.length === 0) {
    log.info('nothing to carry back: source-git has every dist-git commit');
    return { commits: [], carried: [], notes };
  }
  const work = await startWorktree(sgGit, sg.head, log, scope);
  try {
    const carried: UpdateSourceGitResult['carried'] = [];
    let previous: { sha: string; snapshot: Awaited<ReturnType<typeof readDistGit>> } | undefined;
    for (const c of todo) {
      const parent = c.parents[0];
      if (!parent) throw new DistsyncError('usage', `dist-git commit ${c.sha.slice(0, 12)} has no parent: cannot tell what it changed`, { next: 'pass a range that starts after the first commit' });
      // consecutive commits: this one's "before" is the last one's "after", read once
      const before = previous?.sha === parent ? previous.snapshot : await readDistGit(dgGit, { ref: parent, pkgName: sg.config.downstream_package_name });
      const after = await readDistGit(dgGit, { ref: c.sha, pkgName: sg.config.downstream_package_name });
      previous = { sha: c.sha, snapshot: after };
      const made = await carryDistGitCommit(work.git, c, before, after, opts.macros ?? {}, notes);
      carried.push({ distGitCommit: c.sha, sourceGitCommits: made });
      log.info(`carried dist-git ${c.sha.slice(0, 12)} back as ${made.length} commit(s)`);
    }
    const head = await headSha(work.git);
    await publishWorkRepo(work, head, scope);
    return { commits: carried.flatMap((c) => c.sourceGitCommits), carried, notes };
  } finally {
    await work.abandon();
  }
}

async function commitsToCarry(opts: UpdateSourceGitOptions, sg: SourceGitSnapshot, dg: DistGitSnapshot, ctx: MacroContext): Promise<CommitInfo[]> {
  // what source-git makes now tells which hand commits it already carries; a broken source-git must not block carrying back
  const memo = createPlanMemo();
  const plan = await planDistGit(sg, dg, ctx, {}, memo).catch(() => undefined);
  const made = plan?.made ?? null;
  let hand: { sha: string }[];
  if (opts.range) {
    const range = opts.range.includes('..') ? opts.range : `${opts.range}^..${opts.range}`;
    const commits = await readHistory(dg.git, ['--topo-order', '--reverse', range]);
    const facts = await readSourceGitFacts(sg.git, sg.upstreamSha, sg.head);
    hand = (await classifyDistGitCommits(dg.git, commits, facts, made)).filter((c) => c.kind === 'hand');
  } else {
    const state = await findSyncState({ sg, dg, made, ctx, memo, ...(plan ? { plan } : {}) });
    if (!state.syncPoint) {
      throw new DistsyncError('usage', 'no dist-git commit is tied to source-git (no sync trailers, and no dist-git commit holds what source-git makes)', {
        next: `pass the dist-git commits to carry back: distsync source-git update-source-git ${opts.distGitDir} ${opts.sourceGitDir} <from>..<to>`,
      });
    }
    hand = state.handCommits;
  }
  return describeCommits(dg.git, hand.map((c) => c.sha));
}
