/**
 * A stateful, in-process fake GitLab (REST v4) for the dist-git adapter: see README.md here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuthToken, fakeSha, FakeHttpError, startRestFake, type RestFake } from '../fake-forge/rest-fake.js';
import { gitRepos, type GitRepos } from '../fake-forge/git-repos.js';
import type { Ident } from '../fake-github/bare-git.js';
import { GITLAB_API_V4 } from '../forge/contracts/gitlab-api-v4.js';
import { requestValidator } from '../forge/request-contract.js';
import { MergeConflict, mergePull } from '../fake-github/merge-pull.js';
import type { ForgeWebhooks } from '../fake-forge/webhook-sender.js';
import { gitlabRoutes } from './routes.js';
import { gitlabWebhooks, mergeRequestEvent, pushHookEvent } from './webhooks.js';

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
  /** branch → sha, as the project's bare git (`git.dirOf(path)`) has them (re-read after every change). */
  branches: Map<string, string>;
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
  /** Once merged: the commit the merge left on the target branch. */
  mergeCommitSha?: string;
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
  /** The bare repositories (`git.dirOf(path)`). Git is served at `<url>/<path>.git`, basic auth with a token as the password. */
  git: GitRepos;
  tokenFor(username: string): string;
  /** A project: cloned from a local repo (`from`), or one commit holding `files`. */
  createProject(path: string, o: { from?: string; files?: Record<string, string>; defaultBranch?: string; members?: Record<string, AccessLevel> }): GlProject;
  fork(path: string, namespace: string): GlProject;
  project(path: string): GlProject;
  /** A commit on `branch` (created from the default branch when missing): its new sha. */
  commit(path: string, branch: string, files?: Record<string, string>): string;
  setStatus(path: string, sha: string, name: string, status: GlStatus, description?: string): void;
  pipeline(path: string, sha: string, status: GlStatus): GlPipeline;
  /**
   * A person merges MR `iid` of the project `path` from the web UI (the "Merge" button, a merge commit,
   * the project's default): the same merge as the API's, the same webhooks. Needs Maintainer (40) or more.
   */
  merge(username: string, path: string, iid: number): void;
  /**
   * The project's webhooks (Settings → Webhooks, with a secret token): after `addWebhook`, a merge raises
   * `Merge Request Hook` (`action: merge`) and `Push Hook` of the target branch, sent on `hooks.deliver()`.
   * Nothing else raises events yet (git pushes, opening or closing MRs, pipelines).
   */
  hooks: ForgeWebhooks;
  addWebhook(path: string, url: string, secret: string): void;
  close(): Promise<void>;
}

/** GitLab's identity on the commits a user makes through it (merges). */
export const identOf = (username: string): Ident => ({ name: username, email: `${username}@noreply.gitlab.fake` });

export async function startFakeGitlab(o: { dir?: string } = {}): Promise<FakeGitlab> {
  const root = o.dir ?? mkdtempSync(join(tmpdir(), 'fake-gitlab-'));
  const git = gitRepos(join(root, 'repos'));
  const s: GlState = { users: new Map(), tokens: new Map(), projects: new Map(), mergeRequests: [], notes: [], statuses: [], pipelines: [], nextId: 1 };
  const spec = requestValidator(GITLAB_API_V4);
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
    git: {
      root: git.root,
      login: (req) => basicAuthToken(req).map((t) => s.tokens.get(t)).find(Boolean),
      // Public projects: anyone reads; a push needs Developer (30) or more.
      allowed: (username, path, push) => {
        const p = [...s.projects.values()].find((x) => x.path === path);
        const u = s.users.get(username);
        return p !== undefined && (!push || (u !== undefined && (p.members.get(u.id) ?? 0) >= 30));
      },
      pushed: (path) => sync(project(path)),
    },
  });
  /** Re-read a project's branches from git; open MRs follow their source branch. */
  const sync = (p: GlProject) => {
    p.branches = git.branches(p.path);
    for (const m of s.mergeRequests) {
      const sha = m.state === 'opened' && m.sourceProjectId === p.id ? p.branches.get(m.sourceBranch) : undefined;
      if (sha) m.sha = sha;
    }
  };
  const project = (idOrPath: string): GlProject => {
    const p = /^\d+$/.test(idOrPath) ? s.projects.get(Number(idOrPath)) : [...s.projects.values()].find((x) => x.path === idOrPath);
    if (!p) throw new FakeHttpError(404, '404 Project Not Found');
    return p;
  };
  const commit: FakeGitlab['commit'] = (path, branch, files = {}) => {
    const p = project(path);
    const sha = git.commit(p.path, branch, p.defaultBranch, files, identOf(p.path.split('/')[0]!));
    sync(p);
    return sha;
  };
  const hooks = gitlabWebhooks();
  // The project's merge method is "merge commit" (GitLab's default): a real merge in the target's git, head fetched from the fork.
  const merge = (m: GlMergeRequest, merger: GlUser, o: { sha?: string; squash: boolean }) => {
    if (m.state !== 'opened') throw new FakeHttpError(405, '405 Method Not Allowed');
    if (o.sha && o.sha !== m.sha) throw new FakeHttpError(409, `SHA does not match HEAD of source branch: ${m.sha}`);
    const target = s.projects.get(m.projectId)!;
    const source = s.projects.get(m.sourceProjectId)!;
    const before = target.branches.get(m.targetBranch)!;
    git.fetchInto(target.path, source.path, m.sha, `refs/merge-requests/${m.iid}/head`);
    let outcome;
    try {
      outcome = mergePull({
        dir: git.dirOf(target.path), baseRef: m.targetBranch, headSha: m.sha, method: o.squash ? 'squash' : 'merge', number: m.iid, title: m.title, headLabel: m.sourceBranch, merger: identOf(merger.username),
        ...(o.squash ? {} : { commitTitle: `Merge branch '${m.sourceBranch}' into '${m.targetBranch}'`, commitMessage: `${m.title}\n\nSee merge request ${target.path}!${m.iid}` }),
      });
    } catch (e) {
      if (e instanceof MergeConflict) throw new FakeHttpError(406, `Branch cannot be merged: ${e.message}`);
      throw e;
    }
    Object.assign(m, { state: 'merged', squash: o.squash, mergeCommitSha: outcome.sha });
    sync(target);
    hooks.emit(target.path, 'Merge Request Hook', mergeRequestEvent(s, m, 'merge', merger, git.dirOf(target.path), http.url));
    hooks.emit(target.path, 'Push Hook', pushHookEvent(target, git.dirOf(target.path), `refs/heads/${m.targetBranch}`, before, outcome.sha, outcome.created, merger, http.url));
  };
  gitlabRoutes(http, s, { project, web: http.url, git, sync, merge });

  return {
    url: http.url,
    state: s,
    problems: http.problems,
    requests: http.requests,
    git,
    tokenFor: (username) => {
      user(username);
      const token = `glpat-${fakeSha().slice(0, 20)}`;
      s.tokens.set(token, username);
      return token;
    },
    createProject: (path, o) => {
      const defaultBranch = o.defaultBranch ?? 'main';
      git.create(path, { ...(o.from ? { from: o.from } : {}), files: o.files ?? {}, defaultBranch, author: identOf(path.split('/')[0]!) });
      const p: GlProject = {
        id: s.nextId++, path, defaultBranch, branches: git.branches(path),
        members: new Map(Object.entries(o.members ?? {}).map(([u, level]) => [user(u).id, level])), nextIid: 1,
      };
      s.projects.set(p.id, p);
      return p;
    },
    fork: (path, namespace) => {
      const from = project(path);
      const to = `${namespace}/${path.slice(path.lastIndexOf('/') + 1)}`;
      git.fork(from.path, to);
      const p: GlProject = { ...from, id: s.nextId++, path: to, branches: git.branches(to), members: new Map([[user(namespace).id, 50]]), forkedFrom: from.id, nextIid: 1 };
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
    merge: (username, path, iid) => {
      const p = project(path);
      const m = s.mergeRequests.find((x) => x.projectId === p.id && x.iid === iid);
      if (!m) throw new FakeHttpError(404, '404 Not found');
      const u = user(username);
      if ((p.members.get(u.id) ?? 0) < 40) throw new FakeHttpError(403, '403 Forbidden');
      merge(m, u, { squash: false });
    },
    hooks,
    addWebhook: (path, url, secret) => hooks.add(project(path).path, url, secret),
    close: async () => {
      await http.close();
      if (!o.dir) rmSync(root, { recursive: true, force: true });
    },
  };
}
