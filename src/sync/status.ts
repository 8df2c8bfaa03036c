import type { Logger } from '../core/log.js';
import { parseCommitMessage } from '../core/patches/index.js';
import type { MacroContext } from '../core/spec/index.js';
import { isEmptyPlan, planDistGit } from './plan-dist-git.js';
import { openDistGit, readDistGit } from './read-dist-git.js';
import { openSourceGit, readSourceGit } from './read-source-git.js';
import { handMadeDistGitCommits } from './sync-points.js';

export type SyncState = 'in-sync' | 'ahead' | 'behind' | 'diverged' | 'differs';

export interface SyncStatus {
  state: SyncState;
  sourceGitHead: string;
  distGitHead: string | null;
  /** Last dist-git commit source-git was synced with (From-dist-git-commit). */
  syncPoint: string | null;
  /** dist-git commits made by hand since the sync point, oldest first. */
  handCommits: { sha: string; subject: string }[];
  /** dist-git files update-dist-git would write or delete now. */
  pendingFiles: string[];
  summary: string;
  /** Commands to run, in order. */
  next: string[];
}

/**
 * Where the two repos stand. Content decides (what update-dist-git would
 * write), trailers only tell which side moved: a mass rebuild or a hand edit
 * without trailers still shows.
 */
export async function syncStatus(
  deps: { log: Logger },
  opts: { sourceGitDir: string; distGitDir: string; macros?: MacroContext },
): Promise<SyncStatus> {
  const sgGit = await openSourceGit(opts.sourceGitDir, deps.log);
  const dgGit = await openDistGit(opts.distGitDir, deps.log);
  const sg = await readSourceGit(sgGit);
  const pkgName = sg.config.downstream_package_name;
  const dg = await readDistGit(dgGit, { pkgName });
  const ctx = opts.macros ?? {};
  const plan = await planDistGit(sg, dg, ctx);
  const pendingFiles = [...plan.writes.keys(), ...plan.deletes];
  const hand = dg.head ? await handMadeDistGitCommits(sgGit, sg.head, dgGit, dg.head) : { syncPoint: null, commits: [] };
  const handCommits = hand.commits.map((c) => ({ sha: c.sha, subject: parseCommitMessage(c.message).subject }));
  const toDist = `distsync source-git update-dist-git ${opts.sourceGitDir} ${opts.distGitDir}`;
  const toSource = `distsync source-git update-source-git ${opts.distGitDir} ${opts.sourceGitDir}`;
  const base = { sourceGitHead: sg.head, distGitHead: dg.head, syncPoint: hand.syncPoint, handCommits, pendingFiles };

  if (isEmptyPlan(plan)) {
    const extra = handCommits.length ? ` (${handCommits.length} dist-git commit(s) without sync trailers match source-git by content)` : '';
    return { ...base, state: 'in-sync', summary: `source-git and dist-git are in sync${extra}`, next: [] };
  }
  if (handCommits.length === 0) {
    if (!hand.syncPoint) {
      return {
        ...base,
        state: 'differs',
        summary: `dist-git differs from what source-git makes (${pendingFiles.length} file(s)), and no sync trailers say which side moved`,
        next: [`${toSource} <from>..<to>   # if dist-git was edited by hand`, `${toDist}   # if source-git is newer`],
      };
    }
    return { ...base, state: 'ahead', summary: `source-git is ahead: ${pendingFiles.length} dist-git file(s) to update (${pendingFiles.join(', ')})`, next: [toDist] };
  }
  // What dist-git was just before the first hand commit: did source-git move beyond that?
  const beforeHand = hand.commits[0]!.parents[0] ?? hand.syncPoint!;
  const atBase = await readDistGit(dgGit, { pkgName, ref: beforeHand });
  const sourceMoved = !isEmptyPlan(await planDistGit(sg, atBase, ctx));
  if (!sourceMoved) {
    return { ...base, state: 'behind', summary: `dist-git has ${handCommits.length} commit(s) that source-git lacks`, next: [toSource] };
  }
  return {
    ...base,
    state: 'diverged',
    summary: `both moved: dist-git has ${handCommits.length} commit(s) source-git lacks, and source-git has changes dist-git lacks`,
    next: [toSource, toDist],
  };
}
