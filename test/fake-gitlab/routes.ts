import { FakeHttpError, Reply, type RestFake } from '../fake-forge/rest-fake.js';
import type { GitRepos } from '../fake-forge/git-repos.js';
import type { GlMergeRequest, GlProject, GlState, GlUser } from './fake-gitlab.js';

interface Ctx {
  project(idOrPath: string): GlProject;
  web: string;
  git: GitRepos;
  /** Re-read a project's branches after git changed them. */
  sync(p: GlProject): void;
  /** Merge `m` as `user` (its head checked against `sha` when given): the target branch moves, webhooks are raised. */
  merge(m: GlMergeRequest, user: GlUser, o: { sha?: string; squash: boolean }): void;
}

const userJson = (u: GlUser) => ({ id: u.id, username: u.username, name: u.username, state: 'active' });

function mrJson(s: GlState, m: GlMergeRequest, web: string) {
  const target = s.projects.get(m.projectId)!;
  return {
    id: m.projectId * 1000 + m.iid, iid: m.iid, project_id: m.projectId, title: m.title, description: m.description, state: m.state,
    source_branch: m.sourceBranch, target_branch: m.targetBranch, source_project_id: m.sourceProjectId, target_project_id: m.projectId,
    sha: m.sha, squash: m.squash, author: userJson(m.author), merge_status: m.state === 'opened' ? 'can_be_merged' : 'unchecked',
    web_url: `${web}/${target.path}/-/merge_requests/${m.iid}`, merge_commit_sha: m.mergeCommitSha ?? null,
  };
}

/** The REST v4 routes the dist-git adapter uses, as GitLab answers them. */
export function gitlabRoutes(http: RestFake<GlUser>, s: GlState, c: Ctx): void {
  const P = '/projects/:id';
  const mr = (params: Record<string, string>) => {
    const p = c.project(params['id']!);
    const found = s.mergeRequests.find((m) => m.projectId === p.id && m.iid === Number(params['iid']));
    if (!found) throw new FakeHttpError(404, '404 Not found');
    return found;
  };
  const perPage = (q: URLSearchParams) => Number(q.get('per_page') ?? 20);

  http.route('GET', '/users', ({ query }) => {
    const u = s.users.get(query.get('username') ?? '');
    return new Reply(200, u ? [userJson(u)] : []);
  });
  http.route('GET', P, ({ params }) => {
    const p = c.project(params['id']!);
    const from = p.forkedFrom === undefined ? undefined : s.projects.get(p.forkedFrom);
    return new Reply(200, { id: p.id, path_with_namespace: p.path, default_branch: p.defaultBranch, web_url: `${c.web}/${p.path}`, ...(from ? { forked_from_project: { id: from.id, path_with_namespace: from.path } } : {}) });
  });
  http.route('GET', `${P}/members/all/:user_id`, ({ params }) => {
    const level = c.project(params['id']!).members.get(Number(params['user_id']));
    const u = [...s.users.values()].find((x) => x.id === Number(params['user_id']));
    if (level === undefined || !u) throw new FakeHttpError(404, '404 Not found');
    return new Reply(200, { ...userJson(u), access_level: level });
  });
  http.route('GET', `${P}/repository/files/:file_path/raw`, ({ params, query }) => {
    const p = c.project(params['id']!);
    const ref = query.get('ref') ?? 'HEAD';
    const text = c.git.readFile(p.path, ref === 'HEAD' ? p.defaultBranch : ref, params['file_path']!);
    if (text === undefined) throw new FakeHttpError(404, '404 File Not Found');
    return new Reply(200, text, true);
  });
  http.route('GET', `${P}/merge_requests`, ({ params, query }) => {
    const p = c.project(params['id']!);
    const state = query.get('state') ?? 'all';
    const branch = query.get('source_branch');
    const found = s.mergeRequests.filter((m) => m.projectId === p.id && (state === 'all' || m.state === state) && (!branch || m.sourceBranch === branch)).reverse();
    return new Reply(200, found.slice(0, perPage(query)).map((m) => mrJson(s, m, c.web)));
  });
  http.route('POST', `${P}/merge_requests`, ({ params, body, user }) => {
    const source = c.project(params['id']!);
    const b = body as { source_branch: string; target_branch: string; title: string; description?: string; target_project_id?: number };
    const target = b.target_project_id === undefined ? source : c.project(String(b.target_project_id));
    if (target.id !== source.id && source.forkedFrom !== target.id) throw new FakeHttpError(400, 'Target project is not the fork\'s upstream');
    const sha = source.branches.get(b.source_branch);
    if (!sha || !target.branches.has(b.target_branch)) throw new FakeHttpError(422, 'Source branch or target branch does not exist');
    const dup = s.mergeRequests.find((m) => m.state === 'opened' && m.projectId === target.id && m.sourceProjectId === source.id && m.sourceBranch === b.source_branch && m.targetBranch === b.target_branch);
    if (dup) throw new FakeHttpError(409, `Another open merge request already exists for this source branch: !${dup.iid}`);
    const m: GlMergeRequest = {
      projectId: target.id, iid: target.nextIid++, state: 'opened', title: b.title, description: b.description ?? '', sourceProjectId: source.id,
      sourceBranch: b.source_branch, targetBranch: b.target_branch, sha, author: user, squash: false,
    };
    s.mergeRequests.push(m);
    return new Reply(201, mrJson(s, m, c.web));
  });
  http.route('GET', `${P}/merge_requests/:iid`, ({ params }) => new Reply(200, mrJson(s, mr(params), c.web)));
  http.route('PUT', `${P}/merge_requests/:iid`, ({ params, body }) => {
    const m = mr(params);
    const b = body as { title?: string; description?: string; state_event?: 'close' | 'reopen' };
    if (b.title !== undefined) m.title = b.title;
    if (b.description !== undefined) m.description = b.description;
    if (b.state_event === 'close' && m.state === 'opened') m.state = 'closed';
    if (b.state_event === 'reopen' && m.state === 'closed') m.state = 'opened';
    return new Reply(200, mrJson(s, m, c.web));
  });
  // A real merge in the target's git (see Ctx.merge), as the bot's API call or a person's button.
  http.route('PUT', `${P}/merge_requests/:iid/merge`, ({ params, body, user }) => {
    const m = mr(params);
    const b = (body ?? {}) as { sha?: string; squash?: boolean };
    c.merge(m, user, { ...(b.sha ? { sha: b.sha } : {}), squash: Boolean(b.squash) });
    return new Reply(200, mrJson(s, m, c.web));
  });
  http.route('DELETE', `${P}/repository/branches/:branch`, ({ params }) => {
    const p = c.project(params['id']!);
    if (!c.git.deleteBranch(p.path, params['branch']!)) throw new FakeHttpError(404, '404 Branch Not Found');
    c.sync(p);
    return new Reply(204);
  });
  http.route('POST', `${P}/merge_requests/:iid/notes`, ({ params, body, user }) => {
    const m = mr(params);
    const note = { projectId: m.projectId, iid: m.iid, body: (body as { body: string }).body, author: user };
    s.notes.push(note);
    return new Reply(201, { id: s.nextId++, body: note.body, author: userJson(user), noteable_type: 'MergeRequest', noteable_iid: m.iid });
  });
  http.route('GET', `${P}/repository/commits/:sha/statuses`, ({ params, query }) => {
    const p = c.project(params['id']!);
    const all = s.statuses.filter((x) => x.projectId === p.id && x.sha === params['sha']).reverse();
    const latest = query.get('all') === 'true' ? all : all.filter((x, i) => all.findIndex((y) => y.name === x.name) === i);
    return new Reply(200, latest.slice(0, perPage(query)).map((x) => ({ id: x.id, sha: x.sha, ref: null, name: x.name, status: x.status, description: x.description, target_url: x.target_url })));
  });
  http.route('GET', `${P}/pipelines`, ({ params, query }) => {
    const p = c.project(params['id']!);
    const sha = query.get('sha');
    const found = s.pipelines.filter((x) => x.projectId === p.id && (!sha || x.sha === sha)).reverse();
    return new Reply(200, found.slice(0, perPage(query)).map((x) => ({ id: x.id, project_id: x.projectId, sha: x.sha, status: x.status })));
  });
  http.route('POST', `${P}/pipelines/:pipeline_id/retry`, ({ params }) => {
    const p = c.project(params['id']!);
    const pl = s.pipelines.find((x) => x.projectId === p.id && x.id === Number(params['pipeline_id']));
    if (!pl) throw new FakeHttpError(404, '404 Not found');
    Object.assign(pl, { status: 'pending', retried: pl.retried + 1 });
    return new Reply(201, { id: pl.id, project_id: pl.projectId, sha: pl.sha, status: pl.status });
  });
}
