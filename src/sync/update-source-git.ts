import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { getTrailer, parseCommitMessage } from '../core/patches/index.js';
import type { MacroContext } from '../core/spec/index.js';
import { assertClean, headSha, listCommits, type CommitInfo } from '../git/index.js';
import { carryDistGitCommit } from './carry-dist-git-commit.js';
import { openDistGit, readDistGit } from './read-dist-git.js';
import { openSourceGit, readSourceGit } from './read-source-git.js';
import { handMadeDistGitCommits } from './sync-points.js';
import { publishWorkRepo, startWorktree } from './work-repo.js';

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
export async function updateSourceGit(deps: { log: Logger }, opts: UpdateSourceGitOptions): Promise<UpdateSourceGitResult> {
  const { log } = deps;
  const sgGit = await openSourceGit(opts.sourceGitDir, log);
  const dgGit = await openDistGit(opts.distGitDir, log);
  await assertClean(sgGit, 'source-git');
  const sg = await readSourceGit(sgGit);
  const dgHead = await headSha(dgGit);
  const todo = await commitsToCarry(opts, sgGit, sg.head, dgGit, dgHead);
  const notes: string[] = [];
  if (todo.length === 0) {
    log.info('nothing to carry back: source-git has every dist-git commit');
    return { commits: [], carried: [], notes };
  }
  const work = await startWorktree(sgGit, sg.head, log);
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
    await publishWorkRepo(work, head);
    return { commits: carried.flatMap((c) => c.sourceGitCommits), carried, notes };
  } catch (e) {
    await work.abandon();
    throw e;
  }
}

async function commitsToCarry(
  opts: UpdateSourceGitOptions,
  sgGit: Parameters<typeof handMadeDistGitCommits>[0],
  sgHead: string,
  dgGit: Parameters<typeof handMadeDistGitCommits>[2],
  dgHead: string,
): Promise<CommitInfo[]> {
  if (opts.range) {
    const range = opts.range.includes('..') ? opts.range : `${opts.range}^..${opts.range}`;
    const commits = await listCommits(dgGit, range, {});
    return commits.filter((c) => !getTrailer(parseCommitMessage(c.message), 'From-source-git-commit'));
  }
  const { syncPoint, commits } = await handMadeDistGitCommits(sgGit, sgHead, dgGit, dgHead);
  if (!syncPoint) {
    throw new DistsyncError('usage', 'source-git names no dist-git commit it was synced with (no From-dist-git-commit trailer)', {
      next: `pass the dist-git commits to carry back: distsync source-git update-source-git ${opts.distGitDir} ${opts.sourceGitDir} <from>..<to>`,
    });
  }
  return commits;
}
