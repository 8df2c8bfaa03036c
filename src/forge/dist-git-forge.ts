import type { CommitStatus, Permission, Pull, RepoRef } from './types.js';

export type DistGitMergeMethod = 'merge' | 'squash' | 'rebase';

/**
 * What the App needs from the forge that hosts dist-git: GitHub, Forgejo/Gitea
 * or GitLab. Pull requests (GitLab: merge requests, numbered by iid), their
 * CI results as commit statuses, comments, merges, branches and a token for git.
 * One contract suite (test/forge/forge-contract.ts) runs against every adapter.
 */
export interface DistGitForge {
  /** "GitHub", "Forgejo", "GitLab": for messages. */
  readonly kind: string;
  permission(repo: RepoRef, user: string): Promise<Permission>;
  readFile(repo: RepoRef, path: string, ref?: string): Promise<string | undefined>;
  /** The open PR whose head is `headOwner:branch` (headOwner = a fork's owner, or the repo's own). */
  findOpenPull(repo: RepoRef, headOwner: string, branch: string): Promise<Pull | undefined>;
  getPull(repo: RepoRef, number: number): Promise<Pull>;
  /** `head` is `branch` or `forkOwner:branch`. */
  createPull(repo: RepoRef, input: { title: string; body: string; head: string; base: string }): Promise<Pull>;
  updatePull(repo: RepoRef, number: number, input: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<void>;
  /** Merge only if the head is still `sha`. */
  mergePull(repo: RepoRef, number: number, sha: string, method?: DistGitMergeMethod): Promise<void>;
  /** Delete a branch; a branch already gone is fine. */
  deleteBranch(repo: RepoRef, branch: string): Promise<void>;
  /** A comment on a pull request. */
  comment(repo: RepoRef, number: number, body: string): Promise<void>;
  /** CI results on a commit, as commit statuses. */
  listStatuses(repo: RepoRef, sha: string): Promise<CommitStatus[]>;
  /** Run the failed CI of a commit again (GitLab: retry the pipeline); false when the forge has no such API. */
  retryCi(repo: RepoRef, sha: string): Promise<boolean>;
  /** A token for git over HTTPS (sent in a header, never in a URL). */
  gitToken(): Promise<string>;
}

/** `forkOwner:branch` or `branch` → its parts (owner undefined for a plain branch). */
export function splitHead(head: string): { owner?: string; branch: string } {
  const i = head.indexOf(':');
  return i < 0 ? { branch: head } : { owner: head.slice(0, i), branch: head.slice(i + 1) };
}
