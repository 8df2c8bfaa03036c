/**
 * A stateful, in-process fake Forgejo (Gitea API v1) for the dist-git adapter: see README.md here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuthToken, fakeSha, FakeHttpError, Reply, startRestFake, type RestFake } from '../fake-forge/rest-fake.js';
import { gitRepos, type GitRepos } from '../fake-forge/git-repos.js';
import type { Ident } from '../fake-github/bare-git.js';
import { FORGEJO_API_V1 } from '../forge/contracts/forgejo-api-v1.js';
import { requestValidator } from '../forge/request-contract.js';
import { MergeConflict, mergePull, type MergeMethod } from '../fake-github/merge-pull.js';
import type { ForgeWebhooks } from '../fake-forge/webhook-sender.js';
import { forgejoRoutes } from './routes.js';
import { forgejoWebhooks, pullRequestEvent, pushEvent } from './webhooks.js';

export type ForgejoPermission = 'owner' | 'admin' | 'write' | 'read';
export type ForgejoStatusState = 'pending' | 'success' | 'error' | 'failure' | 'warning';

export interface FjUser {
  id: number;
  login: string;
}
export interface FjRepo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  /** branch → sha, as the repository's bare git (`git.dirOf(full)`) has them (re-read after every change). */
  branches: Map<string, string>;
  collaborators: Map<string, ForgejoPermission>;
  forkOf?: string;
  nextIndex: number;
}
export interface FjPull {
  repo: string;
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  body: string;
  headRepo: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  user: FjUser;
  mergeStyle?: string;
  mergedBy?: FjUser;
  mergeCommitSha?: string;
  mergedAt?: string;
  closedAt?: string;
}
export interface FjState {
  users: Map<string, FjUser>;
  tokens: Map<string, string>;
  repos: Map<string, FjRepo>;
  pulls: FjPull[];
  comments: { repo: string; index: number; body: string; user: FjUser }[];
  /** repo → sha → statuses, oldest first. */
  statuses: Map<string, Map<string, { id: number; context: string; status: ForgejoStatusState; description: string; target_url: string }[]>>;
  nextId: number;
}

export interface FakeForgejo {
  /** Web root (the adapter's `url`); the API is `<url>/api/v1`. */
  url: string;
  state: FjState;
  problems: string[];
  requests: RestFake<FjUser>['requests'];
  /** The bare repositories (`git.dirOf('rpms/bash')`). Git is served at `<url>/<owner>/<name>.git`, basic auth with a token. */
  git: GitRepos;
  tokenFor(login: string): string;
  /** A repository: cloned from a local repo (`from`), or one commit holding `files`. */
  createRepo(full: string, o: { from?: string; files?: Record<string, string>; defaultBranch?: string; collaborators?: Record<string, ForgejoPermission> }): FjRepo;
  fork(full: string, owner: string): FjRepo;
  /** A commit on `branch` (created from the default branch when missing): its new sha. */
  commit(full: string, branch: string, files?: Record<string, string>): string;
  setStatus(full: string, sha: string, context: string, status: ForgejoStatusState, description?: string): void;
  /**
   * A person merges PR `index` of `full` from the web UI (the "Create merge commit" button, Forgejo's
   * default style, unless `style` says otherwise): the same merge as the API's, the same webhooks.
   */
  merge(login: string, full: string, index: number, style?: 'merge' | 'squash' | 'rebase'): void;
  /**
   * The repository's webhooks (Settings → Webhooks, a "Forgejo" hook, JSON): after `addWebhook`, a
   * merge raises `pull_request` (`closed`, merged) and `push` of the base branch, sent on `hooks.deliver()`.
   * Nothing else raises events yet (git pushes, opening or closing PRs, statuses).
   */
  hooks: ForgeWebhooks;
  addWebhook(full: string, url: string, secret: string): void;
  close(): Promise<void>;
}

/** Forgejo's merge styles the fake makes with real git (`Do`), as the matching GitHub-style merge. */
const STYLES: Record<string, MergeMethod> = { merge: 'merge', squash: 'squash', rebase: 'rebase' };

/** Forgejo's identity on the commits a user makes through it (merges). */
export const identOf = (login: string): Ident => ({ name: login, email: `${login}@noreply.forgejo.fake` });

export async function startFakeForgejo(o: { dir?: string } = {}): Promise<FakeForgejo> {
  const root = o.dir ?? mkdtempSync(join(tmpdir(), 'fake-forgejo-'));
  const git = gitRepos(join(root, 'repos'));
  const s: FjState = { users: new Map(), tokens: new Map(), repos: new Map(), pulls: [], comments: [], statuses: new Map(), nextId: 1 };
  const spec = requestValidator(FORGEJO_API_V1);
  const user = (login: string): FjUser => {
    let u = s.users.get(login);
    if (!u) s.users.set(login, (u = { id: s.nextId++, login }));
    return u;
  };
  const http = await startRestFake<FjUser>({
    forge: 'Forgejo',
    root: '/api/v1',
    authenticate: (req) => {
      const h = req.headers['authorization'] ?? '';
      const m = /^token (\S+)$/i.exec(h);
      if (!m) return 'token is required';
      const login = s.tokens.get(m[1]!);
      return login ? user(login) : 'user does not exist [uid: 0, name: ]';
    },
    validate: (method, path, query, body) => spec.validate(method, path, query, body),
    errorBody: (_status, message) => ({ message, url: 'https://forgejo.org/docs/latest/user/api-usage/' }),
    git: {
      root: git.root,
      login: (req) => basicAuthToken(req).map((t) => s.tokens.get(t)).find(Boolean),
      allowed: (login, full, push) => {
        const r = s.repos.get(full);
        return r !== undefined && (!push || r.owner === login || ['admin', 'write'].includes(r.collaborators.get(login) ?? ''));
      },
      pushed: (full) => sync(full),
    },
  });
  /** Re-read a repository's branches from git; open PRs follow their head branch (a deleted one closes them). */
  const sync = (full: string) => {
    const r = s.repos.get(full)!;
    r.branches = git.branches(full);
    for (const p of s.pulls) {
      if (p.state !== 'open' || p.headRepo !== full) continue;
      const sha = r.branches.get(p.headRef);
      if (sha) p.headSha = sha;
      else p.state = 'closed';
    }
  };
  const repo = (full: string): FjRepo => {
    const r = s.repos.get(full);
    if (!r) throw new FakeHttpError(404, 'The target couldn\'t be found.');
    return r;
  };
  const commit: FakeForgejo['commit'] = (full, branch, files = {}) => {
    const r = repo(full);
    const sha = git.commit(full, branch, r.defaultBranch, files, identOf(r.owner));
    sync(full);
    return sha;
  };
  const hooks = forgejoWebhooks();
  // A real merge in the base repository's git (the head fetched from a fork first); the base branch moves.
  const merge = (p: FjPull, merger: FjUser, style: string, headCommitId?: string) => {
    if (p.state !== 'open') throw new FakeHttpError(405, 'The PR is not mergeable');
    if (headCommitId && headCommitId !== p.headSha) throw new FakeHttpError(409, 'head out of date');
    const method = STYLES[style];
    if (!method) throw new FakeHttpError(405, `merge style ${style} is not allowed in this repository`);
    git.fetchInto(p.repo, p.headRepo, p.headSha, `refs/pull/${p.number}/head`);
    const head = s.repos.get(p.headRepo)!;
    const headLabel = p.headRepo === p.repo ? p.headRef : `${head.owner}:${p.headRef}`;
    const before = repo(p.repo).branches.get(p.baseRef)!;
    let outcome;
    try {
      outcome = mergePull({
        dir: git.dirOf(p.repo), baseRef: p.baseRef, headSha: p.headSha, method, number: p.number, title: p.title, merger: identOf(merger.login), headLabel,
        ...(method === 'merge' ? { commitTitle: `Merge pull request '${p.title}' (#${p.number}) from ${headLabel} into ${p.baseRef}`, commitMessage: p.body } : {}),
      });
    } catch (e) {
      if (e instanceof MergeConflict) throw new FakeHttpError(405, `Please try again later: ${e.message}`);
      throw e;
    }
    const now = new Date().toISOString();
    Object.assign(p, { state: 'closed', merged: true, mergeStyle: style, mergedBy: merger, mergeCommitSha: outcome.sha, mergedAt: now, closedAt: now });
    sync(p.repo);
    hooks.emit(p.repo, 'pull_request', pullRequestEvent(s, p, 'closed', merger, http.url));
    hooks.emit(p.repo, 'push', pushEvent(s, repo(p.repo), git.dirOf(p.repo), `refs/heads/${p.baseRef}`, before, outcome.sha, outcome.created, merger, http.url));
  };
  forgejoRoutes(http, s, { repo, web: http.url, git, sync, merge });

  return {
    url: http.url,
    state: s,
    problems: http.problems,
    requests: http.requests,
    git,
    tokenFor: (login) => {
      user(login);
      const token = fakeSha();
      s.tokens.set(token, login);
      return token;
    },
    createRepo: (full, o) => {
      const [owner, name] = full.split('/') as [string, string];
      user(owner);
      const defaultBranch = o.defaultBranch ?? 'main';
      git.create(full, { ...(o.from ? { from: o.from } : {}), files: o.files ?? {}, defaultBranch, author: identOf(owner) });
      const r: FjRepo = { id: s.nextId++, owner, name, defaultBranch, branches: git.branches(full), collaborators: new Map(Object.entries(o.collaborators ?? {})), nextIndex: 1 };
      for (const login of r.collaborators.keys()) user(login);
      s.repos.set(full, r);
      return r;
    },
    fork: (full, owner) => {
      const from = repo(full);
      user(owner);
      git.fork(full, `${owner}/${from.name}`);
      const r: FjRepo = { ...from, id: s.nextId++, owner, branches: git.branches(`${owner}/${from.name}`), collaborators: new Map(), forkOf: full, nextIndex: 1 };
      s.repos.set(`${owner}/${from.name}`, r);
      return r;
    },
    commit,
    setStatus: (full, sha, context, status, description = '') => {
      const byRepo = s.statuses.get(full) ?? new Map();
      s.statuses.set(full, byRepo);
      byRepo.set(sha, [...(byRepo.get(sha) ?? []), { id: s.nextId++, context, status, description, target_url: `${http.url}/${full}/actions/runs/${s.nextId}` }]);
    },
    merge: (login, full, index, style = 'merge') => {
      const p = s.pulls.find((x) => x.repo === full && x.number === index);
      if (!p) throw new FakeHttpError(404, 'pull request does not exist');
      const r = repo(full);
      if (login !== r.owner && !['admin', 'write'].includes(r.collaborators.get(login) ?? '')) throw new FakeHttpError(403, 'User not allowed to merge PR');
      merge(p, user(login), style);
    },
    hooks,
    addWebhook: (full, url, secret) => {
      repo(full);
      hooks.add(full, url, secret);
    },
    close: async () => {
      await http.close();
      if (!o.dir) rmSync(root, { recursive: true, force: true });
    },
  };
}

export { Reply };
