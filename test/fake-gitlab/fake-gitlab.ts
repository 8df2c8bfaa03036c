/**
 * A stateful, in-process fake GitLab (REST v4) for the dist-git adapter: see README.md here.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fakeSha, FakeHttpError, startRestFake, type RestFake } from '../fake-forge/rest-fake.js';
import { swaggerValidator, type SwaggerDoc } from '../forge/swagger-validate.js';
import { gitlabRoutes } from './routes.js';

/** 50 owner, 40 maintainer, 30 developer, 20 reporter, 10 guest. */
export type AccessLevel = 50 | 40 | 30 | 20 | 10 | 5;
export type GlStatus = 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'created' | 'manual';

export interface GlUser {
  id: number;
  username: string;
}
export interface GlProject {
  id: number;
  path: string;
  defaultBranch: string;
  branches: Map<string, string>;
  files: Map<string, Map<string, string>>;
  members: Map<number, AccessLevel>;
  forkedFrom?: number;
  nextIid: number;
}
export interface GlMergeRequest {
  projectId: number;
  iid: number;
  state: 'opened' | 'closed' | 'merged';
  title: string;
  description: string;
  sourceProjectId: number;
  sourceBranch: string;
  targetBranch: string;
  sha: string;
  author: GlUser;
  squash: boolean;
}
export interface GlPipeline {
  id: number;
  projectId: number;
  sha: string;
  status: GlStatus;
  retried: number;
}
export interface GlState {
  users: Map<string, GlUser>;
  tokens: Map<string, string>;
  projects: Map<number, GlProject>;
  mergeRequests: GlMergeRequest[];
  notes: { projectId: number; iid: number; body: string; author: GlUser }[];
  /** Commit statuses, oldest first. */
  statuses: { id: number; projectId: number; sha: string; name: string; status: GlStatus; description: string; target_url: string }[];
  pipelines: GlPipeline[];
  nextId: number;
}

export interface FakeGitlab {
  /** Web root (the adapter's `url`); the API is `<url>/api/v4`. */
  url: string;
  state: GlState;
  problems: string[];
  requests: RestFake<GlUser>['requests'];
  tokenFor(username: string): string;
  createProject(path: string, o: { files?: Record<string, string>; defaultBranch?: string; members?: Record<string, AccessLevel> }): GlProject;
  fork(path: string, namespace: string): GlProject;
  project(path: string): GlProject;
  /** A commit on `branch` (created from the default branch when missing): its new sha. */
  commit(path: string, branch: string, files?: Record<string, string>): string;
  setStatus(path: string, sha: string, name: string, status: GlStatus, description?: string): void;
  pipeline(path: string, sha: string, status: GlStatus): GlPipeline;
  close(): Promise<void>;
}

const OPENAPI = new URL('../../fixtures/forge-api/gitlab-openapi-v2-subset.yaml', import.meta.url);

/** Routes the adapter uses whose description is not vendored yet: not validated (see fixtures/forge-api/NOTES.md). */
export const GITLAB_UNVALIDATED: RegExp[] = JSON.parse(readFileSync(new URL('../../fixtures/forge-api/gitlab-unvalidated-routes.json', import.meta.url), 'utf8')).map((s: string) => new RegExp(s));

export async function startFakeGitlab(): Promise<FakeGitlab> {
  const s: GlState = { users: new Map(), tokens: new Map(), projects: new Map(), mergeRequests: [], notes: [], statuses: [], pipelines: [], nextId: 1 };
  const spec = swaggerValidator("GitLab's openapi_v2 (pinned subset)", parse(readFileSync(OPENAPI, 'utf8')) as SwaggerDoc, { routePrefix: '/api/v4', unvalidated: GITLAB_UNVALIDATED });
  const user = (username: string): GlUser => {
    let u = s.users.get(username);
    if (!u) s.users.set(username, (u = { id: s.nextId++, username }));
    return u;
  };
  const http = await startRestFake<GlUser>({
    forge: 'GitLab',
    root: '/api/v4',
    authenticate: (req) => {
      const token = req.headers['private-token'];
      const username = typeof token === 'string' ? s.tokens.get(token) : undefined;
      return username ? user(username) : '401 Unauthorized';
    },
    validate: (method, path, query, body) => spec.validate(method, path, query, body),
    errorBody: (_status, message) => ({ message }),
  });
  const project = (idOrPath: string): GlProject => {
    const p = /^\d+$/.test(idOrPath) ? s.projects.get(Number(idOrPath)) : [...s.projects.values()].find((x) => x.path === idOrPath);
    if (!p) throw new FakeHttpError(404, '404 Project Not Found');
    return p;
  };
  const commit: FakeGitlab['commit'] = (path, branch, files = {}) => {
    const p = project(path);
    const from = p.branches.get(branch) ?? p.branches.get(p.defaultBranch)!;
    const sha = fakeSha();
    p.files.set(sha, new Map([...(p.files.get(from) ?? []), ...Object.entries(files)]));
    p.branches.set(branch, sha);
    for (const m of s.mergeRequests) if (m.state === 'opened' && m.sourceProjectId === p.id && m.sourceBranch === branch) m.sha = sha;
    return sha;
  };
  gitlabRoutes(http, s, { project, web: http.url, commit });

  return {
    url: http.url,
    state: s,
    problems: http.problems,
    requests: http.requests,
    tokenFor: (username) => {
      user(username);
      const token = `glpat-${fakeSha().slice(0, 20)}`;
      s.tokens.set(token, username);
      return token;
    },
    createProject: (path, o) => {
      const sha = fakeSha();
      const defaultBranch = o.defaultBranch ?? 'main';
      const p: GlProject = {
        id: s.nextId++, path, defaultBranch, branches: new Map([[defaultBranch, sha]]), files: new Map([[sha, new Map(Object.entries(o.files ?? {}))]]),
        members: new Map(Object.entries(o.members ?? {}).map(([u, level]) => [user(u).id, level])), nextIid: 1,
      };
      s.projects.set(p.id, p);
      return p;
    },
    fork: (path, namespace) => {
      const from = project(path);
      const p: GlProject = { ...from, id: s.nextId++, path: `${namespace}/${path.slice(path.lastIndexOf('/') + 1)}`, branches: new Map(from.branches), members: new Map([[user(namespace).id, 50]]), forkedFrom: from.id, nextIid: 1 };
      s.projects.set(p.id, p);
      return p;
    },
    project,
    commit,
    setStatus: (path, sha, name, status, description = '') => {
      const p = project(path);
      s.statuses.push({ id: s.nextId++, projectId: p.id, sha, name, status, description, target_url: `${http.url}/${p.path}/-/jobs/${s.nextId}` });
    },
    pipeline: (path, sha, status) => {
      const pl: GlPipeline = { id: s.nextId++, projectId: project(path).id, sha, status, retried: 0 };
      s.pipelines.push(pl);
      return pl;
    },
    close: () => http.close(),
  };
}
