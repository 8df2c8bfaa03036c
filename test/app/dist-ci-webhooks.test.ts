import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseForgeHosts } from '../../src/core/config/forge-hosts.js';
import { forgejoForge } from '../../src/forge/forgejo/forgejo-forge.js';
import { gitlabForge } from '../../src/forge/gitlab/gitlab-forge.js';
import type { ForgeHostsSetting } from '../../src/app/forge-hosts-file.js';
import { distCiPollJob, POLL_BACKOFF } from '../../src/app/jobs/poll-dist-ci.js';
import type { PrLink } from '../../src/store/types.js';
import { startFakeForgejo, type FakeForgejo } from '../fake-forgejo/fake-forgejo.js';
import { startFakeGitlab, type FakeGitlab } from '../fake-gitlab/fake-gitlab.js';
import { CONFIG_YAML, contentResponse, createHarness, INSTALLATION, mockOpenPull, mockToken, type Harness } from './harness.js';
import { serveHandlers, type Served } from '../helpers/serve-handlers.js';

/**
 * Dist-git CI results and events coming back from Forgejo and GitLab: signed deliveries posted to
 * the App's real HTTP server, the fake Forgejo / fake GitLab answering the jobs' reads, and nock
 * (strict, every body checked against GitHub's OpenAPI description) for the source-git side.
 */
const FJ = 'forgejo.test';
const GL = 'gitlab.test';
const FJ_SECRET = 'forgejo-hook-secret';
const GL_SECRET = 'gitlab-hook-token';
const SOURCE = 'Codertocat/Hello-World';
const SG = `/repos/${SOURCE}`;
const SRC_SHA = 'a'.repeat(40);
const BRANCH = 'distsync/sg-Hello-World-2';
/** Our webhook payloads, shaped as each forge documents them (fixtures/forge-webhooks/NOTES.md). */
const FIXTURES = new URL('../../fixtures/forge-webhooks/', import.meta.url);
const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

interface Dist {
  name: string;
  pr: number;
  sha: string;
}

describe('dist-git CI and events from Forgejo and GitLab webhooks', () => {
  let h: Harness;
  let fj: FakeForgejo;
  let gl: FakeGitlab;
  let served: Served;
  let base: string;
  let now: number;
  let fjDist: Dist;
  let glDist: Dist;
  let glPath: string;
  let fjPath: string;
  let glToken: string;
  let n = 0;

  // One fake Forgejo and one fake GitLab for the file; each test has repositories of its own.
  beforeAll(async () => {
    fj = await startFakeForgejo();
    gl = await startFakeGitlab();
  });
  afterAll(async () => {
    await fj?.close();
    await gl?.close();
  });

  async function start(secrets: Record<string, string>) {
    n += 1;
    const fjToken = fj.tokenFor('distsync-bot');
    glToken = gl.tokenFor('distsync-bot');
    const file = '/etc/distsync/forges.yaml';
    const hostsYaml = `hosts:\n  - { host: ${FJ}, kind: forgejo, url: '${fj.url}', bot_user: distsync-bot }\n  - { host: ${GL}, kind: gitlab, url: '${gl.url}', bot_user: distsync-bot }\n`;
    const forgeHosts: ForgeHostsSetting = { file, hosts: parseForgeHosts(hostsYaml, file), tokens: { [FJ]: fjToken, [GL]: glToken }, secrets };
    now = 1_800_000_000_000;
    h = await createHarness({ forgeHosts, now: () => now });
    served = await serveHandlers([await h.probot.getNodeMiddleware(), ...h.handlers]);
    base = served.base;

    // Forgejo: rpms/hello-<n> with the App's PR branch and its open PR.
    fjPath = `rpms/hello-${n}`;
    fj.createRepo(fjPath, { defaultBranch: 'rawhide', files: { 'hello.spec': 'Name: hello\n' } });
    const fjSha = fj.commit(fjPath, BRANCH, { '0001-fix.patch': 'x\n' });
    const fjPull = await forgejoForge({ url: fj.url, token: fjToken }).createPull({ owner: 'rpms', repo: `hello-${n}` }, { title: 't', body: '', head: BRANCH, base: 'rawhide' });
    fjDist = { name: `${FJ}/${fjPath}`, pr: fjPull.number, sha: fjSha };
    // GitLab: a project in subgroups, the same.
    glPath = `redhat/centos-stream/rpms/hello-${n}`;
    gl.createProject(glPath, { defaultBranch: 'c10s', files: { 'hello.spec': 'Name: hello\n' } });
    const glSha = gl.commit(glPath, BRANCH, { '0001-fix.patch': 'x\n' });
    const mr = await gitlabForge({ url: gl.url, token: glToken }).createPull({ owner: 'redhat/centos-stream/rpms', repo: `hello-${n}` }, { title: 't', body: '', head: BRANCH, base: 'c10s' });
    glDist = { name: `${GL}/${glPath}`, pr: mr.number, sha: glSha };
  }

  async function link(d: Dist, distBranchBase: string, sourcePr = 2): Promise<PrLink> {
    const l: PrLink = { sourceRepo: SOURCE, sourcePr, distRepo: d.name, distPr: d.pr, distBranch: BRANCH, headRepo: d.name, sourceHeadSha: SRC_SHA, distHeadSha: d.sha };
    await h.store.savePrLink(l);
    await h.store.savePackageRoute({ sourceRepo: SOURCE, sourceBranch: 'master', distRepo: d.name, distBranch: distBranchBase, installationId: INSTALLATION });
    return l;
  }

  afterEach(async () => {
    await served.close();
    expect((await h.store.listJobs({ state: 'failed' })).map((j) => j.lastError)).toEqual([]);
    await h.done();
    expect(h.problems).toEqual([]);
    expect(fj.problems).toEqual([]);
    expect(gl.problems).toEqual([]);
  });

  function postForgejo(event: string, payload: unknown, o: { id?: string; secret?: string | null; host?: string } = {}) {
    const body = JSON.stringify(payload);
    const secret = o.secret === undefined ? FJ_SECRET : o.secret;
    return fetch(`${base}/forge-webhooks/${o.host ?? FJ}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forgejo-event': event,
        'x-forgejo-delivery': o.id ?? randomUUID(),
        ...(secret === null ? {} : { 'x-forgejo-signature': createHmac('sha256', secret).update(body).digest('hex') }),
      },
      body,
    });
  }
  function postGitlab(event: string, payload: unknown, o: { id?: string; token?: string } = {}) {
    return fetch(`${base}/forge-webhooks/${GL}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-event': event, 'x-gitlab-token': o.token ?? GL_SECRET, 'idempotency-key': o.id ?? randomUUID() },
      body: JSON.stringify(payload),
    });
  }

  /** Our `status` payload (fixtures/forge-webhooks/), pointed at this repository, commit, context and state. */
  function forgejoStatus(sha: string, context: string, state: string) {
    const p = fixture('forgejo-status.json');
    Object.assign(p, { sha, context, state, description: '', target_url: 'https://ci.example.org/1' });
    p['commit']['id'] = sha;
    p['repository']['full_name'] = fjPath;
    p['repository']['name'] = fjPath.split('/')[1];
    return p;
  }

  /** nock: the installation token, then exactly `creates` check runs created and `updates` updated on the source-git repo (strict: no more, no fewer). */
  function recordChecks(creates: number, updates: number) {
    const created: Record<string, unknown>[] = [];
    const updated: { id: string; body: Record<string, unknown> }[] = [];
    let id = 900;
    const scope = mockToken(h.github());
    if (creates) scope.post(`${SG}/check-runs`, (b: Record<string, unknown>) => (created.push(b), true)).times(creates).reply(201, () => ({ id: id++ }));
    if (updates) {
      scope
        .patch(/\/repos\/Codertocat\/Hello-World\/check-runs\/\d+$/, () => true)
        .times(updates)
        .reply(200, (uri, b) => (updated.push({ id: uri.split('/').pop()!, body: b as Record<string, unknown> }), {}));
    }
    return { created, updated };
  }

  describe('with webhook secrets', () => {
    beforeEach(async () => start({ [FJ]: FJ_SECRET, [GL]: GL_SECRET }));

    it('Forgejo: a signed status on the linked PR head is mirrored as dist-git / <name>; the same delivery twice does nothing twice', async () => {
      await link(fjDist, 'rawhide');
      fj.setStatus(fjPath, fjDist.sha, 'rpm-build / x86_64', 'success', 'built');
      fj.setStatus(fjPath, fjDist.sha, 'rpmlint', 'warning', '2 warnings');
      const checks = recordChecks(2, 2);
      const id = randomUUID();
      const first = await postForgejo('status', forgejoStatus(fjDist.sha, 'rpmlint', 'warning'), { id });
      expect([first.status, await first.json()]).toEqual([200, { status: 'accepted', jobs: 1 }]);
      const again = await postForgejo('status', forgejoStatus(fjDist.sha, 'rpmlint', 'warning'), { id });
      expect([again.status, await again.json()]).toEqual([200, { status: 'duplicate', jobs: 0 }]);
      expect((await h.store.listJobs()).map((j) => [j.kind, j.queueKey, j.deliveryId])).toEqual([['mirror-dist-ci', `pkg:${SOURCE}`, `${FJ}:${id}`]]);
      expect(await h.store.countDeliveries()).toBe(1);
      await h.app.worker().drain();
      const url = (n: number) => fj.state.statuses.get(fjPath)!.get(fjDist.sha)![n]!.target_url;
      expect(checks.created).toEqual([
        { name: 'dist-git / rpmlint', head_sha: SRC_SHA, status: 'completed', conclusion: 'failure', details_url: url(1), output: { title: 'warning: 2 warnings', summary: `Mirrored commit status from ${fjDist.name}: ${url(1)}` } },
        { name: 'dist-git / rpm-build / x86_64', head_sha: SRC_SHA, status: 'completed', conclusion: 'success', details_url: url(0), output: { title: 'built', summary: `Mirrored commit status from ${fjDist.name}: ${url(0)}` } },
      ]);
      // a later result updates the same check runs, never creates them again
      fj.setStatus(fjPath, fjDist.sha, 'rpmlint', 'success', 'clean');
      expect((await postForgejo('status', forgejoStatus(fjDist.sha, 'rpmlint', 'success'))).status).toBe(200);
      await h.app.worker().drain();
      expect(checks.created.length).toBe(2);
      expect(checks.updated.find((u) => u.id === '900')?.body).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'clean' } });
      expect(await h.store.getMirroredCheckByMirrorId(900)).toMatchObject({ originKey: 'status:rpmlint', distRepo: fjDist.name, sourcePr: 2 });
    });

    it('refuses a bad or missing signature with 401 and records nothing; an unknown host is 404', async () => {
      await link(fjDist, 'rawhide');
      const payload = forgejoStatus(fjDist.sha, 'rpmlint', 'failure');
      const forged = await postForgejo('status', payload, { secret: 'not-the-secret' });
      expect([forged.status, await forged.json()]).toEqual([401, { error: 'the X-Forgejo-Signature header is missing or wrong' }]);
      expect((await postForgejo('status', payload, { secret: null })).status).toBe(401);
      expect((await postGitlab('Pipeline Hook', fixture('gitlab-pipeline-hook.json'), { token: 'wrong' })).status).toBe(401);
      expect((await postForgejo('status', payload, { host: 'elsewhere.test' })).status).toBe(404);
      expect((await postForgejo('status', payload, { host: '%E0%A4%A' })).status).toBe(404);
      expect((await fetch(`${base}/forge-webhooks/${FJ}`)).status).toBe(405);
      expect(await h.store.countDeliveries()).toBe(0);
      expect(await h.store.listJobs()).toEqual([]);
      expect(h.sent).toEqual([]);
    });

    it('GitLab: a Pipeline Hook for the linked merge request mirrors the head\'s job statuses', async () => {
      await link(glDist, 'c10s');
      gl.setStatus(glPath, glDist.sha, 'build', 'success');
      gl.setStatus(glPath, glDist.sha, 'rpminspect', 'failed', 'rpminspect found 1 bad result');
      const hook = fixture('gitlab-pipeline-hook.json');
      hook['project']['path_with_namespace'] = glPath;
      hook['object_attributes']['sha'] = glDist.sha;
      hook['merge_request']['iid'] = glDist.pr;
      const checks = recordChecks(2, 0);
      const res = await postGitlab('Pipeline Hook', hook);
      expect([res.status, await res.json()]).toEqual([200, { status: 'accepted', jobs: 1 }]);
      await h.app.worker().drain();
      expect(checks.created.map((c) => [c['name'], c['head_sha'], c['conclusion'], (c['output'] as { title: string }).title])).toEqual([
        ['dist-git / rpminspect', SRC_SHA, 'failure', 'rpminspect found 1 bad result'],
        ['dist-git / build', SRC_SHA, 'success', 'build'],
      ]);
      // A pipeline of another commit (not the head the App synced) is not mirrored.
      hook['object_attributes']['sha'] = 'f'.repeat(40);
      expect(await (await postGitlab('Pipeline Hook', hook)).json()).toEqual({ status: 'accepted', jobs: 0 });
    });

    it('GitLab MR from a fork: a Job Hook from the fork (no MR in it) finds the link by its head; the statuses of both projects are mirrored', async () => {
      const forkPath = `centos-distsync/hello-${n}`;
      gl.fork(glPath, 'centos-distsync');
      const forkSha = gl.commit(forkPath, 'distsync/sg-Hello-World-4', { '0001-fix.patch': 'y\n' });
      const mr = await gitlabForge({ url: gl.url, token: glToken }).createPull({ owner: 'redhat/centos-stream/rpms', repo: `hello-${n}` }, { title: 't', body: '', head: 'centos-distsync:distsync/sg-Hello-World-4', base: 'c10s' });
      await h.store.savePrLink({ sourceRepo: SOURCE, sourcePr: 4, distRepo: glDist.name, distPr: mr.number, distBranch: 'distsync/sg-Hello-World-4', headRepo: `${GL}/${forkPath}`, sourceHeadSha: SRC_SHA, distHeadSha: forkSha });
      await h.store.savePackageRoute({ sourceRepo: SOURCE, sourceBranch: 'master', distRepo: glDist.name, distBranch: 'c10s', installationId: INSTALLATION });
      gl.setStatus(glPath, forkSha, 'rpminspect', 'success');
      gl.setStatus(forkPath, forkSha, 'build', 'failed');
      gl.setStatus(forkPath, forkSha, 'rpminspect', 'failed');
      // A Job Hook of the fork's branch pipeline (no merge request in it)
      const hook = fixture('gitlab-job-hook.json');
      hook['project']['path_with_namespace'] = forkPath;
      hook['sha'] = forkSha;
      const checks = recordChecks(2, 0);
      expect(await (await postGitlab('Job Hook', hook)).json()).toEqual({ status: 'accepted', jobs: 1 });
      await h.app.worker().drain();
      expect(checks.created.map((c) => [c['name'], c['conclusion']])).toEqual([
        ['dist-git / rpminspect', 'success'],
        ['dist-git / build', 'failure'],
      ]);
    });

    it('a dist-git PR merged by a person merges the source-git PR (as on GitHub); by the bot, or closed, it does nothing', async () => {
      await link(fjDist, 'rawhide');
      const merged = fixture('forgejo-pull-request-merged.json');
      merged['repository']['full_name'] = fjPath;
      merged['number'] = fjDist.pr;
      merged['pull_request']['base']['ref'] = 'rawhide';
      const byBot = structuredClone(merged);
      byBot['sender']['login'] = 'distsync-bot';
      expect(await (await postForgejo('pull_request', byBot)).json()).toEqual({ status: 'accepted', jobs: 0 });
      const closed = fixture('forgejo-pull-request-closed.json');
      closed['repository']['full_name'] = fjPath;
      closed['number'] = fjDist.pr;
      expect(await (await postForgejo('pull_request', closed)).json()).toEqual({ status: 'accepted', jobs: 0 });

      expect(await (await postForgejo('pull_request', merged)).json()).toEqual({ status: 'accepted', jobs: 1 });
      const merges: unknown[] = [];
      mockOpenPull(mockToken(h.github()), SOURCE, 2, SRC_SHA)
        .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(CONFIG_YAML))
        .put(`${SG}/pulls/2/merge`, (b: unknown) => (merges.push(b), true)).reply(200, { merged: true, sha: 'm', message: 'ok' });
      await h.app.worker().drain();
      expect((await h.store.listJobs()).map((j) => [j.kind, j.state, j.payload])).toEqual([['dist-merged', 'done', { installationId: INSTALLATION, sourceRepo: SOURCE, pr: 2 }]]);
      expect(merges).toEqual([{ sha: SRC_SHA, merge_method: 'merge' }]);

      // A Merge Request Hook, as a merge by a person: the same job
      await link(glDist, 'c10s', 3);
      const mr = fixture('gitlab-merge-request-hook.json');
      mr['project']['path_with_namespace'] = glPath;
      mr['object_attributes']['iid'] = glDist.pr;
      mr['object_attributes']['action'] = 'merge';
      mr['object_attributes']['state'] = 'merged';
      expect(await (await postGitlab('Merge Request Hook', mr)).json()).toEqual({ status: 'accepted', jobs: 1 });
      mr['user']['username'] = 'distsync-bot';
      expect(await (await postGitlab('Merge Request Hook', mr)).json()).toEqual({ status: 'accepted', jobs: 0 });
      expect((await h.store.listJobs({ state: 'queued' })).map((j) => [j.kind, j.payload])).toEqual([['dist-merged', { installationId: INSTALLATION, sourceRepo: SOURCE, pr: 3 }]]);
    });

    it('propose-downstream\'s dist-git "Update to" PR merged by a person publishes its source-git PR (as on GitHub); by the bot, unlinked look-alikes of other branches, or closed: nothing', async () => {
      // The package's routes exist (the propose job saved them); the proposal PR itself is not a synced PR link.
      await h.store.savePackageRoute({ sourceRepo: SOURCE, sourceBranch: 'master', distRepo: fjDist.name, distBranch: 'rawhide', installationId: INSTALLATION });
      await h.store.savePackageRoute({ sourceRepo: SOURCE, sourceBranch: 'master', distRepo: glDist.name, distBranch: 'c10s', installationId: INSTALLATION });
      const merged = fixture('forgejo-pull-request-merged.json');
      merged['repository']['full_name'] = fjPath;
      merged['number'] = fjDist.pr;
      merged['pull_request']['base']['ref'] = 'rawhide';
      merged['pull_request']['head']['ref'] = 'propose-downstream/rawhide/1.9.4';
      const byBot = structuredClone(merged);
      byBot['sender']['login'] = 'distsync-bot';
      expect(await (await postForgejo('pull_request', byBot)).json()).toEqual({ status: 'accepted', jobs: 0 });
      const otherBranch = structuredClone(merged);
      otherBranch['pull_request']['head']['ref'] = 'alice/update-to-1.9.4';
      expect(await (await postForgejo('pull_request', otherBranch)).json()).toEqual({ status: 'accepted', jobs: 0 });
      const closed = structuredClone(merged);
      closed['pull_request']['merged'] = false;
      expect(await (await postForgejo('pull_request', closed)).json()).toEqual({ status: 'accepted', jobs: 0 });
      expect(await (await postForgejo('pull_request', merged)).json()).toEqual({ status: 'accepted', jobs: 1 });

      const mr = fixture('gitlab-merge-request-hook.json');
      mr['project']['path_with_namespace'] = glPath;
      mr['object_attributes']['iid'] = glDist.pr;
      mr['object_attributes']['action'] = 'merge';
      mr['object_attributes']['state'] = 'merged';
      mr['object_attributes']['target_branch'] = 'c10s';
      mr['object_attributes']['source_branch'] = 'propose-downstream/c10s/1.9.4';
      expect(await (await postGitlab('Merge Request Hook', mr)).json()).toEqual({ status: 'accepted', jobs: 1 });
      const payload = { installationId: INSTALLATION, sourceRepo: SOURCE, version: '1.9.4' };
      expect((await h.store.listJobs({ state: 'queued' })).map((j) => [j.kind, j.payload])).toEqual([['proposal-dist-merged', payload], ['proposal-dist-merged', payload]]);
    });

    it('a person\'s push to a synced dist-git branch queues the carry-back; the bot\'s own push does not', async () => {
      await link(fjDist, 'rawhide');
      await link(glDist, 'c10s', 3);
      const push = fixture('forgejo-push.json');
      push['repository']['full_name'] = fjPath;
      push['ref'] = 'refs/heads/rawhide';
      expect(await (await postForgejo('push', push)).json()).toEqual({ status: 'accepted', jobs: 1 });
      const botPush = structuredClone(push);
      botPush['sender']['login'] = 'distsync-bot';
      expect(await (await postForgejo('push', botPush)).json()).toEqual({ status: 'accepted', jobs: 0 });
      const glPush = fixture('gitlab-push-hook.json');
      glPush['project']['path_with_namespace'] = glPath;
      glPush['ref'] = 'refs/heads/c10s';
      expect(await (await postGitlab('Push Hook', glPush)).json()).toEqual({ status: 'accepted', jobs: 1 });
      glPush['user_username'] = 'distsync-bot';
      expect(await (await postGitlab('Push Hook', glPush)).json()).toEqual({ status: 'accepted', jobs: 0 });
      expect((await h.store.listJobs()).map((j) => [j.kind, j.queueKey, j.payload])).toEqual([
        ['sync-back', `pkg:${SOURCE}`, { installationId: INSTALLATION, sourceRepo: SOURCE, sourceBranch: 'master', distRepo: fjDist.name, distBranch: 'rawhide', before: push['before'], after: push['after'] }],
        ['sync-back', `pkg:${SOURCE}`, { installationId: INSTALLATION, sourceRepo: SOURCE, sourceBranch: 'master', distRepo: glDist.name, distBranch: 'c10s', before: glPush['before'], after: glPush['after'] }],
      ]);
      // (the carry-back itself is the sync-back job the GitHub path runs; this test stops at the queue)
    });
  });

  describe('without a webhook secret (the App polls)', () => {
    beforeEach(async () => start({ [FJ]: FJ_SECRET }));

    it('refuses GitLab\'s deliveries and polls the linked MR instead: mirrors a change, backs off while nothing changes, stops when the MR is closed', async () => {
      const l = await link(glDist, 'c10s');
      const refused = await postGitlab('Pipeline Hook', fixture('gitlab-pipeline-hook.json'));
      expect([refused.status, await refused.json()]).toEqual([401, { error: 'no webhook secret is configured for this forge host' }]);

      gl.setStatus(glPath, glDist.sha, 'build', 'running');
      await h.store.enqueue(distCiPollJob(l, INSTALLATION, now));
      const checks = recordChecks(1, 1);
      const drain = async (ms: number) => {
        now += ms;
        await h.app.worker().drain();
      };
      const nextPoll = async () => (await h.store.listJobs({ state: 'queued' })).filter((j) => j.kind === 'poll-dist-ci').map((j) => j.runAt - now);

      await drain(POLL_BACKOFF.firstMs - 1_000);
      expect(checks.created).toEqual([]);
      await drain(1_000);
      expect(checks.created.map((c) => [c['name'], c['status']])).toEqual([['dist-git / build', 'in_progress']]);
      expect(await nextPoll()).toEqual([POLL_BACKOFF.firstMs]);
      // nothing changes: no GitHub call, and the wait doubles each round
      await drain(POLL_BACKOFF.firstMs);
      expect(await nextPoll()).toEqual([POLL_BACKOFF.firstMs * 2]);
      await drain(POLL_BACKOFF.firstMs * 2);
      expect(await nextPoll()).toEqual([POLL_BACKOFF.firstMs * 4]);
      expect(checks.updated).toEqual([]);
      // a change is mirrored at the next round, and the wait is short again
      gl.setStatus(glPath, glDist.sha, 'build', 'success');
      await drain(POLL_BACKOFF.firstMs * 4);
      expect(checks.updated.map((u) => [u.id, u.body['status'], u.body['conclusion']])).toEqual([['900', 'completed', 'success']]);
      expect(await nextPoll()).toEqual([POLL_BACKOFF.firstMs]);
      // the MR is closed: the chain ends
      await gitlabForge({ url: gl.url, token: glToken }).updatePull({ owner: 'redhat/centos-stream/rpms', repo: `hello-${n}` }, glDist.pr, { state: 'closed' });
      await drain(POLL_BACKOFF.firstMs);
      expect(await nextPoll()).toEqual([]);
      expect(checks.created.length).toBe(1);
      expect(new Set((await h.store.listJobs()).map((j) => j.state))).toEqual(new Set(['done']));
    });
  });
});
