import { FakeHttpError, Reply, type RestFake } from '../fake-forge/rest-fake.js';
import type { GitRepos } from '../fake-forge/git-repos.js';
import type { FjPull, FjRepo, FjState, FjUser } from './fake-forgejo.js';

interface Ctx {
  repo(full: string): FjRepo;
  web: string;
  git: GitRepos;
  /** Re-read a repository's branches after git changed them. */
  sync(full: string): void;
  /** Merge `p` as `user` with the style `Do` (the head checked against `headCommitId` when given): the base branch moves, webhooks are raised. */
  merge(p: FjPull, user: FjUser, style: string, headCommitId?: string): void;
}

export const userJson = (u: FjUser) => ({ id: u.id, login: u.login, username: u.login });

export const repoJson = (s: FjState, r: FjRepo, web: string) => ({
  id: r.id, name: r.name, full_name: `${r.owner}/${r.name}`, owner: userJson(s.users.get(r.owner)!), fork: Boolean(r.forkOf),
  html_url: `${web}/${r.owner}/${r.name}`, clone_url: `${web}/${r.owner}/${r.name}.git`, default_branch: r.defaultBranch, private: false,
});

export function pullJson(s: FjState, p: FjPull, web: string) {
  const head = s.repos.get(p.headRepo)!;
  const base = s.repos.get(p.repo)!;
  return {
    id: p.number * 1000 + base.id, number: p.number, state: p.state, merged: p.merged, title: p.title, body: p.body,
    html_url: `${web}/${p.repo}/pulls/${p.number}`, user: userJson(p.user), mergeable: p.state === 'open',
    merged_at: p.mergedAt ?? null, merge_commit_sha: p.mergeCommitSha ?? null, merged_by: p.mergedBy ? userJson(p.mergedBy) : null, closed_at: p.closedAt ?? null,
    head: { label: p.headRepo === p.repo ? p.headRef : `${head.owner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, repo_id: head.id, repo: repoJson(s, head, web) },
    base: { label: p.baseRef, ref: p.baseRef, sha: base.branches.get(p.baseRef) ?? '', repo_id: base.id, repo: repoJson(s, base, web) },
  };
}

/** The API v1 routes the dist-git adapter uses, as Forgejo answers them. */
export function forgejoRoutes(http: RestFake<FjUser>, s: FjState, c: Ctx): void {
  const R = '/repos/:owner/:repo';
  const full = (p: Record<string, string>) => `${p['owner']}/${p['repo']}`;
  const pull = (p: Record<string, string>) => {
    const found = s.pulls.find((x) => x.repo === full(p) && x.number === Number(p['index']));
    if (!found) throw new FakeHttpError(404, 'pull request does not exist');
    return found;
  };
  const page = <T>(all: T[], q: URLSearchParams) => {
    const limit = Number(q.get('limit') ?? 30);
    const n = Number(q.get('page') ?? 1);
    return all.slice((n - 1) * limit, n * limit);
  };

  http.route('GET', `${R}/collaborators/:user/permission`, ({ params }) => {
    const r = c.repo(full(params));
    const login = params['user']!;
    if (!s.users.has(login)) throw new FakeHttpError(404, 'user does not exist');
    const permission = login === r.owner ? 'owner' : (r.collaborators.get(login) ?? 'read');
    return new Reply(200, { permission, role_name: permission, user: userJson(s.users.get(login)!) });
  });
  http.route('GET', `${R}/raw/:path*`, ({ params, query }) => {
    const r = c.repo(full(params));
    const ref = query.get('ref') ?? r.defaultBranch;
    const text = c.git.readFile(full(params), r.branches.get(ref) ?? ref, params['path']!);
    if (text === undefined) throw new FakeHttpError(404, 'The target couldn\'t be found.');
    return new Reply(200, text, true);
  });
  http.route('GET', `${R}/pulls`, ({ params, query }) => {
    c.repo(full(params));
    const state = query.get('state') ?? 'open';
    const found = s.pulls.filter((p) => p.repo === full(params) && (state === 'all' || p.state === state)).reverse();
    return new Reply(200, page(found, query).map((p) => pullJson(s, p, c.web)));
  });
  http.route('POST', `${R}/pulls`, ({ params, body, user }) => {
    const r = c.repo(full(params));
    const b = body as { title: string; body?: string; head: string; base: string };
    const [owner, ref] = b.head.includes(':') ? (b.head.split(':') as [string, string]) : [r.owner, b.head];
    const headFull = owner === r.owner ? full(params) : [...s.repos.keys()].find((k) => s.repos.get(k)!.owner === owner && s.repos.get(k)!.forkOf === full(params));
    const headSha = headFull ? s.repos.get(headFull)!.branches.get(ref) : undefined;
    if (!headFull || !headSha) throw new FakeHttpError(404, `head branch ${b.head} does not exist`);
    if (!r.branches.has(b.base)) throw new FakeHttpError(404, `base branch ${b.base} does not exist`);
    if (s.pulls.some((p) => p.repo === full(params) && p.state === 'open' && p.headRepo === headFull && p.headRef === ref && p.baseRef === b.base)) {
      throw new FakeHttpError(409, 'pull request already exists for these targets');
    }
    const p: FjPull = { repo: full(params), number: r.nextIndex++, state: 'open', merged: false, title: b.title, body: b.body ?? '', headRepo: headFull, headRef: ref, headSha, baseRef: b.base, user };
    s.pulls.push(p);
    return new Reply(201, pullJson(s, p, c.web));
  });
  http.route('GET', `${R}/pulls/:index`, ({ params }) => new Reply(200, pullJson(s, pull(params), c.web)));
  http.route('PATCH', `${R}/pulls/:index`, ({ params, body }) => {
    const p = pull(params);
    const b = body as { title?: string; body?: string; state?: 'open' | 'closed' };
    if (b.title !== undefined) p.title = b.title;
    if (b.body !== undefined) p.body = b.body;
    if (b.state && !p.merged) p.state = b.state;
    return new Reply(201, pullJson(s, p, c.web));
  });
  // A real merge in the base repository's git (see Ctx.merge), as the bot's API call or a person's button.
  http.route('POST', `${R}/pulls/:index/merge`, ({ params, body, user }) => {
    const b = body as { Do: string; head_commit_id?: string };
    c.merge(pull(params), user, b.Do, b.head_commit_id);
    return new Reply(200);
  });
  http.route('DELETE', `${R}/branches/:branch`, ({ params }) => {
    c.repo(full(params));
    if (!c.git.deleteBranch(full(params), params['branch']!)) throw new FakeHttpError(404, 'The branch does not exist.');
    c.sync(full(params));
    return new Reply(204);
  });
  http.route('POST', `${R}/issues/:index/comments`, ({ params, body, user }) => {
    pull(params);
    const comment = { repo: full(params), index: Number(params['index']), body: (body as { body: string }).body, user };
    s.comments.push(comment);
    return new Reply(201, { id: s.nextId++, body: comment.body, user: userJson(user), html_url: `${c.web}/${comment.repo}/pulls/${comment.index}#issuecomment-${s.nextId}` });
  });
  http.route('GET', `${R}/commits/:ref/statuses`, ({ params, query }) => {
    c.repo(full(params));
    const newestFirst = [...(s.statuses.get(full(params))?.get(params['ref']!) ?? [])].reverse();
    return new Reply(200, page(newestFirst, query).map((x) => ({ ...x, url: `${c.web}/api/v1/repos/${full(params)}/statuses/${params['ref']}` })));
  });
}
