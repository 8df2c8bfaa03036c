import { HttpError } from './actions.js';
import type { MergeMethod } from './merge-pull.js';
import { ok, type RouteContext, type Router } from './router.js';
import { pullJson } from './shapes.js';

const full = (c: RouteContext) => `${c.params['owner']}/${c.params['repo']}`;
const actor = (c: RouteContext) => {
  if (!c.actor) throw new HttpError(401, 'Requires authentication');
  return c.actor;
};

/** Pull requests: list (state, head, base), get, create, update, merge. */
export function pullRoutes(r: Router): void {
  const P = '/repos/:owner/:repo/pulls';
  r.add('GET', P, (c) => {
    const repo = c.a.repo(full(c));
    const state = c.query.get('state') ?? 'open';
    const head = c.query.get('head');
    const base = c.query.get('base');
    const found = c.a.s.pulls.filter((p) => {
      if (p.repo !== repo.fullName || (state !== 'all' && p.state !== state)) return false;
      if (base && p.baseRef !== base) return false;
      if (!head) return true;
      const [owner, ref] = head.includes(':') ? head.split(':') : [head, undefined];
      return p.headRepo.split('/')[0] === owner && (ref === undefined || p.headRef === ref);
    });
    return ok(found.map((p) => pullJson(c.a.s, p, c.urls)));
  });
  r.add('GET', `${P}/:number`, (c) => ok(pullJson(c.a.s, c.a.pull(full(c), Number(c.params['number'])), c.urls)));
  r.add('POST', P, (c) => ok(pullJson(c.a.s, c.a.openPull(full(c), c.body, actor(c)), c.urls), 201));
  r.add('PATCH', `${P}/:number`, (c) => {
    const p = c.a.pull(full(c), Number(c.params['number']));
    c.a.editPull(p, c.body, actor(c));
    return ok(pullJson(c.a.s, p, c.urls));
  });
  r.add('PUT', `${P}/:number/merge`, (c) => {
    const p = c.a.pull(full(c), Number(c.params['number']));
    const b = (c.body ?? {}) as { sha?: string; merge_method?: MergeMethod; commit_title?: string; commit_message?: string };
    const sha = c.a.merge(p, b.merge_method ?? 'merge', actor(c), {
      ...(b.sha ? { sha: b.sha } : {}), ...(b.commit_title ? { commitTitle: b.commit_title } : {}), ...(b.commit_message ? { commitMessage: b.commit_message } : {}),
    });
    return ok({ sha, merged: true, message: 'Pull Request successfully merged' });
  });
  r.add('GET', '/repos/:owner/:repo/commits/:ref/pulls', (c) => {
    const sha = c.params['ref'];
    const found = c.a.s.pulls.filter((p) => p.repo === full(c) && (p.mergedCommits.includes(sha!) || p.headSha === sha));
    return ok(found.map((p) => pullJson(c.a.s, p, c.urls)));
  });
}
