import { HttpError } from './actions.js';
import { ok, type RouteContext, type Router } from './router.js';
import { commentJson, issueJson } from './shapes.js';
import { isoNow, newId, type FakeIssue } from './state.js';

const full = (c: RouteContext) => `${c.params['owner']}/${c.params['repo']}`;
const actor = (c: RouteContext) => {
  if (!c.actor) throw new HttpError(401, 'Requires authentication');
  return c.actor;
};
function issue(c: RouteContext): FakeIssue {
  const i = c.a.s.issues.find((x) => x.repo === full(c) && x.number === Number(c.params['number']));
  if (!i) throw new HttpError(404, 'Not Found');
  return i;
}

/** Issues (pull requests are issues too), comments and reactions. */
export function issueRoutes(r: Router): void {
  const I = '/repos/:owner/:repo/issues';
  r.add('GET', I, (c) => {
    c.a.repo(full(c));
    const state = c.query.get('state') ?? 'open';
    const creator = c.query.get('creator');
    const found = c.a.s.issues.filter((i) => i.repo === full(c) && (state === 'all' || i.state === state) && (!creator || i.user.login === creator));
    return ok(found.map((i) => issueJson(c.a.s, i, c.urls)));
  });
  r.add('GET', `${I}/:number`, (c) => ok(issueJson(c.a.s, issue(c), c.urls)));
  r.add('POST', I, (c) => {
    const repo = c.a.repo(full(c));
    const b = c.body as { title: string; body?: string };
    const i: FakeIssue = { repo: repo.fullName, number: repo.nextNumber++, id: newId(c.a.s), title: b.title, body: b.body ?? '', state: 'open', user: actor(c), createdAt: isoNow(c.a.s) };
    c.a.s.issues.push(i);
    return ok(issueJson(c.a.s, i, c.urls), 201);
  });
  r.add('PATCH', `${I}/:number`, (c) => {
    const i = issue(c);
    const b = c.body as { title?: string; body?: string; state?: 'open' | 'closed' };
    Object.assign(i, { ...(b.title !== undefined ? { title: b.title } : {}), ...(b.body !== undefined ? { body: b.body } : {}), ...(b.state ? { state: b.state } : {}) });
    return ok(issueJson(c.a.s, i, c.urls));
  });
  r.add('GET', `${I}/:number/comments`, (c) => ok(c.a.s.comments.filter((x) => x.repo === full(c) && x.issue === Number(c.params['number'])).map((x) => commentJson(x, c.urls))));
  r.add('POST', `${I}/:number/comments`, (c) => ok(commentJson(c.a.comment(full(c), Number(c.params['number']), (c.body as { body: string }).body, actor(c)), c.urls), 201));
  r.add('POST', `${I}/comments/:id/reactions`, (c) => {
    const comment = c.a.s.comments.find((x) => x.repo === full(c) && x.id === Number(c.params['id']));
    if (!comment) throw new HttpError(404, 'Not Found');
    const content = (c.body as { content: string }).content;
    comment.reactions.push({ content, user: actor(c) });
    return ok({ id: newId(c.a.s), content, user: null, created_at: isoNow(c.a.s) }, 201);
  });
}
