/**
 * The narrow forge the App needs: pull requests, check runs, comments,
 * permissions. GitHub first (src/forge/github/); another forge implements the same.
 */
export interface RepoRef {
  owner: string;
  repo: string;
}

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface Pull {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  headSha: string;
  headRef: string;
  baseRef: string;
  htmlUrl: string;
  title: string;
  body: string;
  /** Login of who opened it. */
  author?: string;
  /** Once merged: the commit the merge left at the head of the base branch. */
  mergeCommitSha?: string;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export type CheckStatus = 'queued' | 'in_progress' | 'completed';
export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale';

export interface CheckRunInput {
  name: string;
  headSha: string;
  status: CheckStatus;
  conclusion?: CheckConclusion;
  title?: string;
  summary?: string;
  detailsUrl?: string;
  externalId?: string;
}

export type CheckRunUpdate = Omit<CheckRunInput, 'name' | 'headSha'>;

export interface CheckRun {
  id: number;
  name: string;
  status: CheckStatus;
  conclusion?: CheckConclusion;
  appSlug?: string;
  externalId?: string;
  title?: string;
  summary?: string;
  htmlUrl?: string;
}

export interface CommitStatus {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description?: string;
  targetUrl?: string;
}

export interface Forge {
  permission(repo: RepoRef, user: string): Promise<Permission>;
  /** A file's text at a ref (default branch when ref is undefined); undefined when it does not exist. */
  readFile(repo: RepoRef, path: string, ref?: string): Promise<string | undefined>;
  createCheckRun(repo: RepoRef, input: CheckRunInput): Promise<number>;
  updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void>;
  rerequestCheckRun(repo: RepoRef, id: number): Promise<void>;
  listCheckRuns(repo: RepoRef, ref: string, checkName?: string): Promise<CheckRun[]>;
  listStatuses(repo: RepoRef, ref: string): Promise<CommitStatus[]>;
  /** The open PR whose head is `headOwner:branch`, if any. */
  findOpenPull(repo: RepoRef, headOwner: string, branch: string): Promise<Pull | undefined>;
  getPull(repo: RepoRef, number: number): Promise<Pull>;
  createPull(repo: RepoRef, input: { title: string; body: string; head: string; base: string }): Promise<Pull>;
  updatePull(repo: RepoRef, number: number, input: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<void>;
  /** Merge only if the head is still `sha`, by `method` (the forge's default, a merge commit, when unset). */
  mergePull(repo: RepoRef, number: number, sha: string, method?: MergeMethod): Promise<void>;
  /** Pull requests a commit belongs to (the merged PR whose merge produced it, open PRs with it at their head). */
  pullsForCommit(repo: RepoRef, sha: string): Promise<Pull[]>;
  /** Delete a branch; a branch already gone is fine. */
  deleteBranch(repo: RepoRef, branch: string): Promise<void>;
  comment(repo: RepoRef, issue: number, body: string): Promise<void>;
  reactEyes(repo: RepoRef, commentId: number): Promise<void>;
  /** The open issue (not PR) opened by `creator` with exactly this title, if any. */
  findOpenIssue(repo: RepoRef, creator: string, title: string): Promise<{ number: number; htmlUrl: string } | undefined>;
  createIssue(repo: RepoRef, input: { title: string; body: string }): Promise<{ number: number; htmlUrl: string }>;
  updateIssue(repo: RepoRef, number: number, input: { body: string }): Promise<void>;
  /** A short-lived token for git over HTTPS. */
  gitToken(): Promise<string>;
}

export function parseRepo(full: string): RepoRef {
  const [owner, repo, ...rest] = full.split('/');
  if (!owner || !repo || rest.length > 0) throw new Error(`not an owner/name repository: ${JSON.stringify(full)}`);
  return { owner, repo };
}

export function repoName(r: RepoRef): string {
  return `${r.owner}/${r.repo}`;
}
