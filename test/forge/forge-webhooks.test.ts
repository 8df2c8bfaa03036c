import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForgeEvent } from '../../src/forge/webhooks/parse-forge-event.js';
import { verifyForgeWebhook } from '../../src/forge/webhooks/verify-forge-webhook.js';

const FIXTURES = new URL('../../fixtures/forge-webhooks/', import.meta.url);
const SECRET = 'hook-secret';

/** Our own payloads, with the fields and nesting each forge documents (fixtures/forge-webhooks/NOTES.md). */
const fixtureBody = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

function verifyGitlab(event: string, body: Buffer, token = SECRET, id: string | null = 'd6e1c2a0-0001') {
  return verifyForgeWebhook('gitlab', { 'x-gitlab-token': token, 'x-gitlab-event': event, ...(id ? { 'x-gitlab-event-uuid': id } : {}) }, body, SECRET);
}

function forgejoHeaders(event: string, body: Buffer, secret = SECRET, id = 'f0a1') {
  return { 'x-forgejo-event': event, 'x-forgejo-delivery': id, 'x-forgejo-signature': createHmac('sha256', secret).update(body).digest('hex') };
}

describe('GitLab webhooks (our payloads, shaped as GitLab documents its hooks)', () => {
  it('a Pipeline Hook with the right X-Gitlab-Token becomes one CI result for the merge request', () => {
    const v = verifyGitlab('Pipeline Hook', fixtureBody('gitlab-pipeline-hook.json'));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.delivery.id).toBe('d6e1c2a0-0001');
    expect(parseForgeEvent('gitlab', v.delivery)).toEqual({
      type: 'ci',
      repo: 'redhat/centos-stream/rpms/lz4',
      sha: 'de704cedd571b54a47cc80690d13547d6ffadcef',
      pull: 12,
      status: { context: 'pipeline', state: 'success', targetUrl: 'https://gitlab.example.com/redhat/centos-stream/rpms/lz4/-/pipelines/90211' },
    });
  });

  it('a Job Hook (a running job of the fork\'s branch pipeline) becomes a pending result named after the job', () => {
    const v = verifyGitlab('Job Hook', fixtureBody('gitlab-job-hook.json'));
    if (!v.ok) throw new Error(v.reason);
    expect(parseForgeEvent('gitlab', v.delivery)).toEqual({
      type: 'ci',
      repo: 'centos-distsync/lz4',
      sha: '0aa3dfc9ea000d1553e74dec578136185e9ed6a9',
      status: { context: 'rpmlint', state: 'pending' },
    });
  });

  it('a wrong or missing token is refused with 401; a missing delivery id with 400', () => {
    const body = fixtureBody('gitlab-pipeline-hook.json');
    expect(verifyGitlab('Pipeline Hook', body, 'wrong')).toEqual({ ok: false, status: 401, reason: 'the X-Gitlab-Token header is missing or wrong' });
    expect(verifyForgeWebhook('gitlab', { 'x-gitlab-event': 'Pipeline Hook' }, body, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyGitlab('Pipeline Hook', body, SECRET, null)).toMatchObject({ ok: false, status: 400 });
    expect(verifyForgeWebhook('gitlab', { 'x-gitlab-token': '' }, body, '')).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('no webhook secret') });
  });

  it('a Merge Request Hook and a Push Hook become a pull event (with its target branch) and a push', () => {
    const mr = verifyGitlab('Merge Request Hook', fixtureBody('gitlab-merge-request-hook.json'));
    if (!mr.ok) throw new Error(mr.reason);
    expect(parseForgeEvent('gitlab', mr.delivery)).toEqual({ type: 'pull', repo: 'redhat/centos-stream/rpms/lz4', number: 12, action: 'opened', headSha: 'de704cedd571b54a47cc80690d13547d6ffadcef', headRef: 'distsync/sg-lz4-7', baseRef: 'c10s', sender: 'mpackager' });
    const push = verifyGitlab('Push Hook', fixtureBody('gitlab-push-hook.json'));
    if (!push.ok) throw new Error(push.reason);
    expect(parseForgeEvent('gitlab', push.delivery)).toEqual({ type: 'push', repo: 'redhat/centos-stream/rpms/lz4', ref: 'refs/heads/c10s', before: 'e419fa4a5c7d12a9b5f0eee8b0e5947554b255d6', after: '7659946ecb1574a126d0a1dde867fd358a5f456d', sender: 'mpackager' });
  });

  it('Idempotency-Key (the same on GitLab\'s retries) is the delivery id when GitLab sends one', () => {
    const body = fixtureBody('gitlab-push-hook.json');
    const v = verifyForgeWebhook('gitlab', { 'x-gitlab-token': SECRET, 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': 'event-1', 'idempotency-key': 'key-1' }, body, SECRET);
    expect(v).toMatchObject({ ok: true, delivery: { id: 'key-1' } });
  });

  it('events the App does not use are ignored, not errors', () => {
    const body = Buffer.from(JSON.stringify({ object_kind: 'wiki_page', project: { path_with_namespace: 'a/b' } }));
    const v = verifyGitlab('Wiki Page Hook', body);
    if (!v.ok) throw new Error(v.reason);
    expect(parseForgeEvent('gitlab', v.delivery)).toEqual({ type: 'ignored', reason: 'event Wiki Page Hook' });
  });
});

describe('Forgejo / Gitea webhooks (our payloads, shaped as Forgejo documents its hooks)', () => {
  const status = fixtureBody('forgejo-status.json');

  it('a status signed with HMAC-SHA256 becomes a CI result (warning kept visible as a failure)', () => {
    const v = verifyForgeWebhook('forgejo', forgejoHeaders('status', status), status, SECRET);
    if (!v.ok) throw new Error(v.reason);
    expect(parseForgeEvent('forgejo', v.delivery)).toEqual({
      type: 'ci',
      repo: 'rpms/lz4',
      sha: 'bacd01a7a745a0ee63bd47c4d8a9c50686d6bb9e',
      status: { context: 'rpm-build / x86_64', state: 'failure', description: 'warning: rpmlint found 2 warnings', targetUrl: 'https://ci.example.org/job/9' },
    });
  });

  it('Gitea\'s header names are accepted too; a body changed after signing is refused', () => {
    const h = forgejoHeaders('status', status);
    const gitea = { 'x-gitea-event': 'status', 'x-gitea-delivery': 'g1', 'x-gitea-signature': h['x-forgejo-signature'] };
    expect(verifyForgeWebhook('forgejo', gitea, status, SECRET)).toMatchObject({ ok: true, delivery: { id: 'g1', event: 'status' } });
    const tampered = Buffer.from(status.toString().replace('"warning"', '"success"'));
    expect(tampered.equals(status)).toBe(false);
    expect(verifyForgeWebhook('forgejo', h, tampered, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyForgeWebhook('forgejo', forgejoHeaders('status', status, 'other-secret'), status, SECRET)).toMatchObject({ ok: false, status: 401 });
  });

  it('a merged pull request is told apart from a closed one', () => {
    const body = (merged: boolean) => Buffer.from(JSON.stringify({ action: 'closed', number: 4, pull_request: { merged, head: { sha: 'abc' } }, repository: { full_name: 'rpms/lz4' }, sender: { login: 'alice' } }));
    for (const merged of [true, false]) {
      const b = body(merged);
      const v = verifyForgeWebhook('forgejo', forgejoHeaders('pull_request', b), b, SECRET);
      if (!v.ok) throw new Error(v.reason);
      expect(parseForgeEvent('forgejo', v.delivery)).toEqual({ type: 'pull', repo: 'rpms/lz4', number: 4, action: merged ? 'merged' : 'closed', headSha: 'abc', headRef: '', baseRef: '', sender: 'alice' });
    }
  });

  it('pull_request deliveries (closed merged, closed unmerged) and a push', () => {
    const parse = (event: string, name: string) => {
      const b = readFileSync(new URL(name, FIXTURES));
      const v = verifyForgeWebhook('forgejo', forgejoHeaders(event, b), b, SECRET);
      if (!v.ok) throw new Error(v.reason);
      return parseForgeEvent('forgejo', v.delivery);
    };
    expect(parse('pull_request', 'forgejo-pull-request-merged.json')).toEqual({ type: 'pull', repo: 'rpms/lz4', number: 12, action: 'merged', headSha: 'a5363a2478eaa9a7609edc6d3946b4b127b082d2', headRef: 'distsync/sg-lz4-7', baseRef: 'rawhide', sender: 'alice' });
    expect(parse('pull_request', 'forgejo-pull-request-closed.json')).toMatchObject({ type: 'pull', repo: 'rpms/lz4', number: 13, action: 'closed', baseRef: 'rawhide' });
    expect(parse('push', 'forgejo-push.json')).toEqual({ type: 'push', repo: 'rpms/lz4', ref: 'refs/heads/rawhide', before: '14c53260791cfdc3076b51cdcaa6978563377780', after: '22ab14f8292a9f5bd391b251dab77b2744ba1f93', sender: 'alice' });
  });

  it('a body that is not JSON is a 400, never a crash', () => {
    const b = Buffer.from('<html>');
    expect(verifyForgeWebhook('forgejo', forgejoHeaders('status', b), b, SECRET)).toEqual({ ok: false, status: 400, reason: 'the body is not JSON' });
  });
});
