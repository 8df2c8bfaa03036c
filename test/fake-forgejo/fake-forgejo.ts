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
import { forgejoRoutes } from './routes.js';

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
  close(): Promise<void>;
}

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
  forgejoRoutes(http, s, { repo, web: http.url, git, sync });

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
    close: async () => {
      await http.close();
      if (!o.dir) rmSync(root, { recursive: true, force: true });
    },
  };
}

export { Reply };
