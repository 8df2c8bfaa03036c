import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForgeEvent } from '../../src/forge/webhooks/parse-forge-event.js';
import { verifyForgeWebhook } from '../../src/forge/webhooks/verify-forge-webhook.js';

const FIXTURES = new URL('../../fixtures/forge-webhooks/', import.meta.url);
const SECRET = 'hook-secret';

function gitlabBody(name: string): Buffer {
  let text = readFileSync(new URL(name, FIXTURES), 'utf8');
  // The documentation's examples carry `//` comments and a trailing comma; GitLab sends plain JSON.
  if (name.endsWith('.jsonc')) text = text.replace(/\s\/\/[^\n]*/g, '').replace(/,(\s*[}\]])/g, '$1');
  return Buffer.from(text);
}

function verifyGitlab(event: string, body: Buffer, token = SECRET, id: string | null = 'd6e1c2a0-0001') {
  return verifyForgeWebhook('gitlab', { 'x-gitlab-token': token, 'x-gitlab-event': event, ...(id ? { 'x-gitlab-event-uuid': id } : {}) }, body, SECRET);
}

function forgejoHeaders(event: string, body: Buffer, secret = SECRET, id = 'f0a1') {
  return { 'x-forgejo-event': event, 'x-forgejo-delivery': id, 'x-forgejo-signature': createHmac('sha256', secret).update(body).digest('hex') };
}

describe('GitLab webhooks (real payload examples from GitLab\'s documentation)', () => {
  it('a Pipeline Hook with the right X-Gitlab-Token becomes one CI result for the merge request', () => {
    const v = verifyGitlab('Pipeline Hook', gitlabBody('gitlab-pipeline-hook.json'));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.delivery.id).toBe('d6e1c2a0-0001');
    expect(parseForgeEvent('gitlab', v.delivery)).toEqual({
      type: 'ci',
      repo: 'gitlab-org/gitlab-test',
      sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      pull: 1,
      status: { context: 'pipeline', state: 'success', targetUrl: 'http://example.com/gitlab-org/gitlab-test/-/pipelines/31' },
    });
  });

  it('a Job Hook becomes a pending result named after the job', () => {
    const v = verifyGitlab('Job Hook', gitlabBody('gitlab-job-hook.jsonc'));
    if (!v.ok) throw new Error(v.reason);
    expect(parseForgeEvent('gitlab', v.delivery)).toEqual({
      type: 'ci',
      repo: 'gitlab-org/gitlab-test',
      sha: '2293ada6b400935a1378653304eaf6221e0fdb8f',
      status: { context: 'test', state: 'pending' },
    });
  });

  it('a wrong or missing token is refused with 401; a missing delivery id with 400', () => {
    const body = gitlabBody('gitlab-pipeline-hook.json');
    expect(verifyGitlab('Pipeline Hook', body, 'wrong')).toEqual({ ok: false, status: 401, reason: 'the X-Gitlab-Token header is missing or wrong' });
    expect(verifyForgeWebhook('gitlab', { 'x-gitlab-event': 'Pipeline Hook' }, body, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyGitlab('Pipeline Hook', body, SECRET, null)).toMatchObject({ ok: false, status: 400 });
    expect(verifyForgeWebhook('gitlab', { 'x-gitlab-token': '' }, body, '')).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('no webhook secret') });
  });

  it('the documented Merge Request Hook and Push Hook become a pull event (with its target branch) and a push', () => {
    const mr = verifyGitlab('Merge Request Hook', gitlabBody('gitlab-merge-request-hook.json'));
    if (!mr.ok) throw new Error(mr.reason);
    expect(parseForgeEvent('gitlab', mr.delivery)).toEqual({ type: 'pull', repo: 'gitlabhq/gitlab-test', number: 1, action: 'opened', headSha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', baseRef: 'master', sender: 'root' });
    const push = verifyGitlab('Push Hook', gitlabBody('gitlab-push-hook.json'));
    if (!push.ok) throw new Error(push.reason);
    expect(parseForgeEvent('gitlab', push.delivery)).toEqual({ type: 'push', repo: 'mike/diaspora', ref: 'refs/heads/master', before: '95790bf891e76fee5e1747ab589903a6a1f80f22', after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', sender: 'jsmith' });
  });

  it('Idempotency-Key (the same on GitLab\'s retries) is the delivery id when GitLab sends one', () => {
    const body = gitlabBody('gitlab-push-hook.json');
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

describe('Forgejo / Gitea webhooks (fields of Gitea\'s CommitStatusPayload / PullRequestPayload)', () => {
  const status = Buffer.from(JSON.stringify({
    sha: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
    context: 'rpm-build / x86_64',
    state: 'warning',
    description: 'rpmlint found 2 warnings',
    target_url: 'https://ci.example/job/9',
    repository: { full_name: 'rpms/lz4' },
    sender: { login: 'fedora-ci' },
  }));

  it('a status signed with HMAC-SHA256 becomes a CI result (warning kept visible as a failure)', () => {
    const v = verifyForgeWebhook('forgejo', forgejoHeaders('status', status), status, SECRET);
    if (!v.ok) throw new Error(v.reason);
    expect(parseForgeEvent('forgejo', v.delivery)).toEqual({
      type: 'ci',
      repo: 'rpms/lz4',
      sha: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
      status: { context: 'rpm-build / x86_64', state: 'failure', description: 'warning: rpmlint found 2 warnings', targetUrl: 'https://ci.example/job/9' },
    });
  });

  it('Gitea\'s header names are accepted too; a body changed after signing is refused', () => {
    const h = forgejoHeaders('status', status);
    const gitea = { 'x-gitea-event': 'status', 'x-gitea-delivery': 'g1', 'x-gitea-signature': h['x-forgejo-signature'] };
    expect(verifyForgeWebhook('forgejo', gitea, status, SECRET)).toMatchObject({ ok: true, delivery: { id: 'g1', event: 'status' } });
    const tampered = Buffer.from(status.toString().replace('warning', 'success'));
    expect(verifyForgeWebhook('forgejo', h, tampered, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyForgeWebhook('forgejo', forgejoHeaders('status', status, 'other-secret'), status, SECRET)).toMatchObject({ ok: false, status: 401 });
  });

  it('a merged pull request is told apart from a closed one', () => {
    const body = (merged: boolean) => Buffer.from(JSON.stringify({ action: 'closed', number: 4, pull_request: { merged, head: { sha: 'abc' } }, repository: { full_name: 'rpms/lz4' }, sender: { login: 'alice' } }));
    for (const merged of [true, false]) {
      const b = body(merged);
      const v = verifyForgeWebhook('forgejo', forgejoHeaders('pull_request', b), b, SECRET);
      if (!v.ok) throw new Error(v.reason);
      expect(parseForgeEvent('forgejo', v.delivery)).toEqual({ type: 'pull', repo: 'rpms/lz4', number: 4, action: merged ? 'merged' : 'closed', headSha: 'abc', baseRef: '', sender: 'alice' });
    }
  });

  it('real Forgejo pull_request deliveries (merged, closed) and Gitea\'s documented push', () => {
    const parse = (event: string, name: string) => {
      const b = readFileSync(new URL(name, FIXTURES));
      const v = verifyForgeWebhook('forgejo', forgejoHeaders(event, b), b, SECRET);
      if (!v.ok) throw new Error(v.reason);
      return parseForgeEvent('forgejo', v.delivery);
    };
    expect(parse('pull_request', 'forgejo-pull-request-merged.json')).toEqual({ type: 'pull', repo: 'anbraten/test-repo', number: 1, action: 'merged', headSha: 'd555a5dd07f4d0148a58d4686ec381502ae6a2d4', baseRef: 'main', sender: 'anbraten' });
    expect(parse('pull_request', 'forgejo-pull-request-closed.json')).toMatchObject({ type: 'pull', repo: 'anbraten/test-repo', action: 'closed', baseRef: 'main' });
    expect(parse('push', 'gitea-push.json')).toEqual({ type: 'push', repo: 'gitea/webhooks', ref: 'refs/heads/develop', before: '28e1879d029cb852e4844d9c718537df08844e03', after: 'bffeb74224043ba2feb48d137756c8a9331c449a', sender: 'gitea' });
  });

  it('a body that is not JSON is a 400, never a crash', () => {
    const b = Buffer.from('<html>');
    expect(verifyForgeWebhook('forgejo', forgejoHeaders('status', b), b, SECRET)).toEqual({ ok: false, status: 400, reason: 'the body is not JSON' });
  });
});
