import type { MergeMethod } from './merge-pull.js';

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
  name: string;
  email: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  /** The bare repository git serves. */
  dir: string;
  defaultBranch: string;
  collaborators: Map<string, Permission>;
  /** Merge methods the repository's settings allow (GitHub answers 405 for the others). */
  allowed: Record<MergeMethod, boolean>;
  /** Issues and pull requests share one numbering, as on GitHub. */
  nextNumber: number;
}

export interface FakePull {
  repo: string;
  number: number;
  id: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: FakeUser | null;
  /** Commits the merge put on the base (the merge commit, the squash commit or the rebased commits). */
  mergedCommits: string[];
  /** owner/name of the repository holding the head branch. */
  headRepo: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface FakeIssue {
  repo: string;
  number: number;
  id: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  user: FakeUser;
  createdAt: string;
}

export interface FakeComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  user: FakeUser;
  reactions: { content: string; user: FakeUser }[];
  createdAt: string;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed';

export interface FakeCheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: string | null;
  externalId: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  detailsUrl: string | null;
  /** The GitHub App that made it (slug). */
  app: string;
  headBranch: string | null;
  startedAt: string;
  completedAt: string | null;
}

export interface FakeStatus {
  id: number;
  repo: string;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  creator: FakeUser;
  createdAt: string;
}

export interface FakeRelease {
  id: number;
  repo: string;
  tag: string;
  name: string;
  body: string;
  draft: boolean;
  author: FakeUser;
  createdAt: string;
}

/** Everything the fake remembers; plain data, readable by tests. */
export interface FakeState {
  users: Map<string, FakeUser>;
  repos: Map<string, FakeRepo>;
  pulls: FakePull[];
  issues: FakeIssue[];
  comments: FakeComment[];
  checkRuns: FakeCheckRun[];
  statuses: FakeStatus[];
  releases: FakeRelease[];
  /** token → login (installation tokens map to the App's bot). */
  tokens: Map<string, string>;
  nextId: number;
  /** The fake's clock (ISO strings in every object); tests may move it. */
  now: () => Date;
}

export function createState(now: () => Date): FakeState {
  return { users: new Map(), repos: new Map(), pulls: [], issues: [], comments: [], checkRuns: [], statuses: [], releases: [], tokens: new Map(), nextId: 1000, now };
}

export function newId(s: FakeState): number {
  s.nextId += 1;
  return s.nextId;
}

export function isoNow(s: FakeState): string {
  return s.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A user by login, made on first use (logins ending in [bot] are Bots). */
export function userFor(s: FakeState, login: string): FakeUser {
  let u = s.users.get(login.toLowerCase());
  if (!u) {
    const id = newId(s);
    const bot = login.endsWith('[bot]');
    u = { login, id, type: bot ? 'Bot' : 'User', name: bot ? login : `${login[0]!.toUpperCase()}${login.slice(1)}`, email: `${id}+${login}@users.noreply.github.com` };
    s.users.set(login.toLowerCase(), u);
  }
  return u;
}
