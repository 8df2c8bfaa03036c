/**
 * A stateful, in-process fake Forgejo (Gitea API v1) for the dist-git adapter: see README.md here.
 */
import { readFileSync } from 'node:fs';
import { fakeSha, FakeHttpError, Reply, startRestFake, type RestFake } from '../fake-forge/rest-fake.js';
import { swaggerValidator, type SwaggerDoc } from '../forge/swagger-validate.js';
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
  /** branch → sha, and the files at each sha. */
  branches: Map<string, string>;
  files: Map<string, Map<string, string>>;
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
  tokenFor(login: string): string;
  createRepo(full: string, o: { files?: Record<string, string>; defaultBranch?: string; collaborators?: Record<string, ForgejoPermission> }): FjRepo;
  fork(full: string, owner: string): FjRepo;
  /** A commit on `branch` (created from the default branch when missing): its new sha. */
  commit(full: string, branch: string, files?: Record<string, string>): string;
  setStatus(full: string, sha: string, context: string, status: ForgejoStatusState, description?: string): void;
  close(): Promise<void>;
}

const SWAGGER = new URL('../../fixtures/forge-api/gitea-swagger-subset.json', import.meta.url);

export async function startFakeForgejo(): Promise<FakeForgejo> {
  const s: FjState = { users: new Map(), tokens: new Map(), repos: new Map(), pulls: [], comments: [], statuses: new Map(), nextId: 1 };
  const spec = swaggerValidator("Gitea's swagger (pinned subset)", JSON.parse(readFileSync(SWAGGER, 'utf8')) as SwaggerDoc);
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
  });
  const repo = (full: string): FjRepo => {
    const r = s.repos.get(full);
    if (!r) throw new FakeHttpError(404, 'The target couldn\'t be found.');
    return r;
  };
  const commit: FakeForgejo['commit'] = (full, branch, files = {}) => {
    const r = repo(full);
    const from = r.branches.get(branch) ?? r.branches.get(r.defaultBranch)!;
    const sha = fakeSha();
    r.files.set(sha, new Map([...(r.files.get(from) ?? []), ...Object.entries(files)]));
    r.branches.set(branch, sha);
    for (const p of s.pulls) if (p.state === 'open' && p.headRepo === full && p.headRef === branch) p.headSha = sha;
    return sha;
  };
  forgejoRoutes(http, s, { repo, web: http.url, commit });

  return {
    url: http.url,
    state: s,
    problems: http.problems,
    requests: http.requests,
    tokenFor: (login) => {
      user(login);
      const token = fakeSha();
      s.tokens.set(token, login);
      return token;
    },
    createRepo: (full, o) => {
      const [owner, name] = full.split('/') as [string, string];
      user(owner);
      const sha = fakeSha();
      const defaultBranch = o.defaultBranch ?? 'main';
      const r: FjRepo = {
        id: s.nextId++, owner, name, defaultBranch, branches: new Map([[defaultBranch, sha]]), files: new Map([[sha, new Map(Object.entries(o.files ?? {}))]]),
        collaborators: new Map(Object.entries(o.collaborators ?? {})), nextIndex: 1,
      };
      for (const login of r.collaborators.keys()) user(login);
      s.repos.set(full, r);
      return r;
    },
    fork: (full, owner) => {
      const from = repo(full);
      user(owner);
      const r: FjRepo = { ...from, id: s.nextId++, owner, branches: new Map(from.branches), collaborators: new Map(), forkOf: full, nextIndex: 1 };
      s.repos.set(`${owner}/${from.name}`, r);
      return r;
    },
    commit,
    setStatus: (full, sha, context, status, description = '') => {
      const byRepo = s.statuses.get(full) ?? new Map();
      s.statuses.set(full, byRepo);
      byRepo.set(sha, [...(byRepo.get(sha) ?? []), { id: s.nextId++, context, status, description, target_url: `${http.url}/${full}/actions/runs/${s.nextId}` }]);
    },
    close: () => http.close(),
  };
}

export { Reply };
