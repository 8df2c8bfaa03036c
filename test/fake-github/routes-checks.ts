import { HttpError } from './actions.js';
import { resolveCommit } from './bare-git.js';
import { ok, type RouteContext, type Router } from './router.js';
import { checkRunJson, userJson } from './shapes.js';
import { isoNow, newId, type FakeCheckRun, type FakeStatus } from './state.js';

const full = (c: RouteContext) => `${c.params['owner']}/${c.params['repo']}`;

interface CheckBody {
  name?: string;
  head_sha?: string;
  status?: FakeCheckRun['status'];
  conclusion?: string;
  external_id?: string;
  details_url?: string;
  output?: { title?: string; summary?: string; text?: string };
}

function appSlug(c: RouteContext): { slug: string; user: NonNullable<RouteContext['actor']> } {
  if (c.actor?.type !== 'Bot') throw new HttpError(403, 'You must authenticate via a GitHub App.');
  return { slug: c.actor.login.replace(/\[bot\]$/, ''), user: c.actor };
}

function run(c: RouteContext): FakeCheckRun {
  const found = c.a.s.checkRuns.find((x) => x.repo === full(c) && x.id === Number(c.params['id']));
  if (!found) throw new HttpError(404, 'Not Found');
  return found;
}

const fields = (b: CheckBody): Partial<FakeCheckRun> => ({
  ...(b.status ? { status: b.status } : {}),
  ...(b.conclusion ? { conclusion: b.conclusion, status: 'completed' as const } : {}),
  ...(b.external_id !== undefined ? { externalId: b.external_id } : {}),
  ...(b.details_url !== undefined ? { detailsUrl: b.details_url } : {}),
  ...(b.output ? { title: b.output.title ?? null, summary: b.output.summary ?? null, text: b.output.text ?? null } : {}),
});

/** Check runs (made by Apps only) and commit statuses. */
export function checkRoutes(r: Router): void {
  const C = '/repos/:owner/:repo/check-runs';
  r.add('POST', C, (c) => {
    const { slug, user } = appSlug(c);
    const b = c.body as CheckBody;
    const repo = c.a.repo(full(c));
    if (!b.head_sha || !resolveCommit(repo.dir, b.head_sha)) throw new HttpError(422, 'Validation Failed: No commit found for SHA');
    const created = c.a.createCheckRun(repo.fullName, { name: b.name!, headSha: b.head_sha, status: 'queued', conclusion: null, externalId: null, title: null, summary: null, text: null, detailsUrl: null, app: slug, ...fields(b) }, user);
    return ok(checkRunJson(c.a.s, created, c.urls), 201);
  });
  r.add('GET', `${C}/:id`, (c) => ok(checkRunJson(c.a.s, run(c), c.urls)));
  r.add('PATCH', `${C}/:id`, (c) => {
    const { slug, user } = appSlug(c);
    const found = run(c);
    if (found.app !== slug) throw new HttpError(403, 'Invalid app_id: the check run belongs to another GitHub App');
    c.a.updateCheckRun(found, fields(c.body as CheckBody), user);
    return ok(checkRunJson(c.a.s, found, c.urls));
  });
  r.add('POST', `${C}/:id/rerequest`, (c) => {
    const found = run(c);
    c.a.hooks.checkRun('rerequested', found, c.actor ?? c.a.bot(found.app));
    return ok({}, 201);
  });
  r.add('GET', '/repos/:owner/:repo/commits/:ref/check-runs', (c) => {
    const repo = c.a.repo(full(c));
    const sha = resolveCommit(repo.dir, c.params['ref']!);
    if (!sha) throw new HttpError(422, `No commit found for SHA: ${c.params['ref']}`);
    const name = c.query.get('check_name');
    // GitHub lists the latest run per name and app by default (filter=latest).
    const latest = new Map<string, FakeCheckRun>();
    for (const x of c.a.s.checkRuns) if (x.repo === repo.fullName && x.headSha === sha && (!name || x.name === name)) latest.set(`${x.app}\0${x.name}`, x);
    const runs = c.query.get('filter') === 'all' ? c.a.s.checkRuns.filter((x) => x.repo === repo.fullName && x.headSha === sha && (!name || x.name === name)) : [...latest.values()];
    return ok({ total_count: runs.length, check_runs: runs.map((x) => checkRunJson(c.a.s, x, c.urls)) });
  });
  r.add('POST', '/repos/:owner/:repo/statuses/:sha', (c) => {
    const repo = c.a.repo(full(c));
    const b = c.body as { state: FakeStatus['state']; context?: string; description?: string; target_url?: string };
    if (!c.actor) throw new HttpError(401, 'Requires authentication');
    const st: FakeStatus = { id: newId(c.a.s), repo: repo.fullName, sha: c.params['sha']!, context: b.context ?? 'default', state: b.state, description: b.description ?? null, targetUrl: b.target_url ?? null, creator: c.actor, createdAt: isoNow(c.a.s) };
    c.a.s.statuses.push(st);
    c.a.statusEvent(st);
    return ok({ id: st.id, state: st.state, context: st.context, description: st.description, target_url: st.targetUrl, creator: userJson(st.creator, c.urls), created_at: st.createdAt, updated_at: st.createdAt }, 201);
  });
  r.add('GET', '/repos/:owner/:repo/commits/:ref/status', (c) => {
    const repo = c.a.repo(full(c));
    const sha = resolveCommit(repo.dir, c.params['ref']!);
    if (!sha) throw new HttpError(422, `No commit found for SHA: ${c.params['ref']}`);
    const latest = new Map<string, FakeStatus>();
    for (const st of c.a.s.statuses) if (st.repo === repo.fullName && st.sha === sha) latest.set(st.context, st);
    const statuses = [...latest.values()];
    const state = statuses.some((s) => s.state === 'failure' || s.state === 'error') ? 'failure' : statuses.some((s) => s.state === 'pending') || statuses.length === 0 ? 'pending' : 'success';
    return ok({
      state, sha, total_count: statuses.length, commit_url: '', url: '', repository: {},
      statuses: statuses.map((s) => ({ id: s.id, context: s.context, state: s.state, description: s.description, target_url: s.targetUrl, created_at: s.createdAt, updated_at: s.createdAt, avatar_url: null, url: '', node_id: '' })),
    });
  });
}
