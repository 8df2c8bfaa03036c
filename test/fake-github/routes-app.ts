import { issueToken } from './auth.js';
import { ok, type Router } from './router.js';

/** The App's own endpoints (App JWT): GET /app, installations, installation access tokens. */
export function appRoutes(r: Router, app: { appId: number; appSlug: string; installationId: number; bot: string }): void {
  const installation = (urls: { api: string }) => ({
    id: app.installationId, app_id: app.appId, app_slug: app.appSlug, target_type: 'Organization', repository_selection: 'all',
    access_tokens_url: `${urls.api}/app/installations/${app.installationId}/access_tokens`, permissions: { checks: 'write', contents: 'write', pull_requests: 'write', issues: 'write' }, events: [],
  });
  r.add('GET', '/app', (c) => ok({ id: app.appId, slug: app.appSlug, node_id: `A_${app.appId}`, name: app.appSlug, owner: null, description: '', external_url: c.urls.web, html_url: `${c.urls.web}/apps/${app.appSlug}`, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', permissions: {}, events: [] }), { jwt: true });
  r.add('GET', '/app/installations/:id', (c) => ok(installation(c.urls)), { jwt: true });
  r.add('GET', '/repos/:owner/:repo/installation', (c) => (c.a.repo(`${c.params['owner']}/${c.params['repo']}`), ok(installation(c.urls))), { jwt: true });
  r.add('POST', '/app/installations/:id/access_tokens', (c) => {
    if (Number(c.params['id']) !== app.installationId) return { status: 404, json: { message: 'Not Found' } };
    const token = issueToken(c.a.s, app.bot);
    return ok({ token, expires_at: new Date(c.a.s.now().getTime() + 3600_000).toISOString(), permissions: installation(c.urls).permissions, repository_selection: 'all' }, 201);
  }, { jwt: true });
}
