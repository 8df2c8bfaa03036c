import type { Git } from '../../git/index.js';
import { firstParentLine, readHistory, type HistoryCommit } from './history.js';
import type { PlanMemo } from '../plan-memo.js';

/** What source-git's own history says about the sync: read once per question. */
export interface SourceGitFacts {
  head: string;
  /** Every downstream commit (all parents), by sha. */
  commits: Map<string, HistoryCommit>;
  /** The first-parent line from head, newest first. */
  line: HistoryCommit[];
  /** dist-git commit → the newest source-git commit that carries it (`From-dist-git-commit`). */
  carried: Map<string, string>;
}

/**
 * Downstream history only (`upstream..head`): upstream's own history may be huge and says nothing about the sync.
 * `memo`: the run's reads (the plan listed the same range already).
 */
export async function readSourceGitFacts(git: Git, upstreamSha: string, head: string, memo?: Pick<PlanMemo, 'history'>): Promise<SourceGitFacts> {
  const history = upstreamSha === head ? [] : memo ? await memo.history(git, upstreamSha, head) : await readHistory(git, ['--topo-order', `${upstreamSha}..${head}`]);
  const carried = new Map<string, string>();
  for (const c of history) for (const d of c.fromDistGit) if (!carried.has(d)) carried.set(d, c.sha);
  return { head, commits: new Map(history.map((c) => [c.sha, c])), line: firstParentLine(history, head), carried };
}

/**
 * The source-git commit on the main line that stands for `sha`: itself when
 * it was merged (any parent), else the first-parent commit with the same
 * tree (a squash or rebase merge of the pull request `sha` was the head of).
 */
export async function sourceGitCounterpart(git: Git, facts: SourceGitFacts, sha: string): Promise<string | null> {
  if (facts.commits.has(sha)) return sha;
  const res = await git.run(['rev-parse', '--verify', '-q', `${sha}^{tree}`], { allowFail: true });
  if (res.code !== 0) return null;
  const tree = res.stdout.trim();
  return facts.line.find((c) => c.tree === tree)?.sha ?? null;
}
