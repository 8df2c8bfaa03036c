import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { contentResponse, createHarness, example, receive, mockOpenPull, mockToken, TOKEN, type Harness } from './harness.js';
import { makeGitFixture, type GitFixture } from './git-fixture.js';

const SG = '/repos/Codertocat/Hello-World';
const DG = '/repos/Codertocat/hello-dist';
const BRANCH = 'distsync/sg-Hello-World-2';
const CONFIG = `${SG}/contents/.distro%2Fsource-git.yaml`;
const SOURCE = 'Codertocat/Hello-World';

function distPull(number: number, sha: string) {
  return { number, state: 'open', merged: false, head: { sha, ref: BRANCH }, base: { ref: 'rawhide' }, html_url: `https://github.com/Codertocat/hello-dist/pull/${number}`, title: 't', body: '' };
}

describe('pull_request → sync job → real git → dist-git PR and check run', () => {
  let fx: GitFixture;
  let h: Harness;
  const gitLog = createMemoryLogger();
  beforeAll(async () => {
    fx = await makeGitFixture(tempDir('app-sync'));
  });
  afterAll(() => removeDirs(fx.dir));
  beforeEach(async () => {
    h = await createHarness({ engine: { updateDistGit, updateSourceGit, proposeDownstream } });
    h.deps.workspace = { cacheDir: join(fx.dir, `cache-${Date.now()}`), gitBaseUrl: 'https://github.com', config: fx.gitConfig, log: gitLog };
  });
  afterEach(async () => {
    await h.done();
    expect(h.problems).toEqual([]);
  });

  function prEvent(action: 'opened' | 'synchronize', sha: string) {
    const p = example('pull_request', action);
    p.number = 2;
    p.pull_request.number = 2;
    p.pull_request.head.sha = sha;
    p.pull_request.base.ref = 'master';
    return p;
  }

  it('opens one dist-git PR on open, updates it on synchronize, and reports through the check run', async () => {
    const sha1 = fx.pushPrHead(2, 'downstream: first change');
    const checks: unknown[] = [];
    let prBody = '';
    mockOpenPull(mockToken(h.github()).get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(fx.configText)), SOURCE, 2, sha1)
      .post(`${SG}/check-runs`, (b: unknown) => (checks.push(b), true)).reply(201, { id: 11 })
      .patch(`${SG}/check-runs/11`, (b: unknown) => (checks.push(b), true)).times(2).reply(200, { id: 11 })
      .get(`${DG}/pulls`).query({ state: 'open', head: `Codertocat:${BRANCH}` }).reply(200, [])
      .post(`${DG}/pulls`, (b: { body: string }) => ((prBody = b.body), true))
      .reply(201, () => distPull(7, git(fx.distRemote, 'rev-parse', BRANCH).trim()));
    await receive(h, 'pull_request', prEvent('opened', sha1));
    await h.app.worker().drain();

    expect(checks.map((c) => (c as { status: string }).status)).toEqual(['queued', 'in_progress', 'completed']);
    const done = checks[2] as { conclusion: string; details_url: string; output: { title: string; summary: string } };
    expect(done.conclusion).toBe('success');
    expect(done.details_url).toBe('https://github.com/Codertocat/hello-dist/pull/7');
    expect(done.output.summary).toContain(`Source-git head: ${sha1}`);
    expect(prBody).toContain('https://github.com/Codertocat/Hello-World/pull/2');
    expect(prBody).toContain(sha1);
    const pushed = git(fx.distRemote, 'log', '-1', '--format=%B', BRANCH);
    expect(pushed).toContain(`From-source-git-commit: ${sha1}`);
    expect(git(fx.distRemote, 'show', `${BRANCH}:SPECS/lz4.spec`)).toMatch(/Patch\d+:\s+\S+NEWS/i);
    const link = await h.store.getPrLinkBySource('Codertocat/Hello-World', 2);
    expect(link).toMatchObject({ distRepo: 'Codertocat/hello-dist', distPr: 7, distBranch: BRANCH, sourceHeadSha: sha1, checkRunId: 11 });
    expect(readdirSync(join(h.deps.workspace.cacheDir, 'work'))).toEqual([]);

    // A marker in the mirror proves the second sync fetches into it instead of cloning again.
    const mirror = join(h.deps.workspace.cacheDir, 'mirrors', 'Codertocat/hello-dist.git');
    writeFileSync(join(mirror, 'distsync-marker'), 'kept');
    const sha2 = fx.pushPrHead(2, 'downstream: second change');
    const checks2: unknown[] = [];
    mockOpenPull(h.github().get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(fx.configText)), SOURCE, 2, sha2)
      .post(`${SG}/check-runs`, (b: unknown) => (checks2.push(b), true)).reply(201, { id: 12 })
      .patch(`${SG}/check-runs/12`, (b: unknown) => (checks2.push(b), true)).times(2).reply(200, { id: 12 })
      .get(`${DG}/pulls`).query({ state: 'open', head: `Codertocat:${BRANCH}` }).reply(200, [distPull(7, 'old')])
      .patch(`${DG}/pulls/7`, (b: { body: string }) => b.body.includes(sha2)).reply(200, distPull(7, 'new'));
    await receive(h, 'pull_request', prEvent('synchronize', sha2));
    await h.app.worker().drain();
    expect((checks2[2] as { conclusion: string }).conclusion).toBe('success');
    expect(existsSync(join(mirror, 'distsync-marker'))).toBe(true);
    expect(git(fx.distRemote, 'log', '-1', '--format=%B', BRANCH)).toContain(`From-source-git-commit: ${sha2}`);
    expect(await h.store.getPrLinkBySource('Codertocat/Hello-World', 2)).toMatchObject({ distPr: 7, sourceHeadSha: sha2, checkRunId: 12 });
    expect(gitLog.lines.join('\n')).not.toContain(TOKEN);
    expect(gitLog.lines.join('\n')).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
    expect(gitLog.lines.some((l) => l.includes('git fetch'))).toBe(true);
    expect((await h.store.listJobs()).map((j) => j.state)).toEqual(['done', 'done']);
  });

  it('syncs only the newest head when pushes pile up; superseded jobs are dropped', async () => {
    const old = fx.pushPrHead(2, 'downstream: soon superseded');
    const newest = fx.pushPrHead(2, 'downstream: newest');
    mockOpenPull(mockToken(h.github()).get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(fx.configText)), SOURCE, 2, newest)
      .post(`${SG}/check-runs`, (b: { head_sha: string }) => b.head_sha === newest).reply(201, { id: 21 })
      .patch(`${SG}/check-runs/21`).times(2).reply(200, { id: 21 })
      .get(`${DG}/pulls`).query({ state: 'open', head: `Codertocat:${BRANCH}` }).reply(200, [distPull(7, 'x')])
      .patch(`${DG}/pulls/7`).reply(200, distPull(7, 'y'));
    await receive(h, 'pull_request', prEvent('synchronize', old));
    await receive(h, 'pull_request', prEvent('synchronize', newest));
    await h.app.worker().drain();
    const jobs = await h.store.listJobs();
    expect(jobs.map((j) => j.state)).toEqual(['superseded', 'done']);
    expect(git(fx.distRemote, 'log', '-1', '--format=%B', BRANCH)).toContain(`From-source-git-commit: ${newest}`);
  });

  it('stays silent without a config file, and fails the check naming file, key and fix on a bad config', async () => {
    const sha = fx.pushPrHead(2, 'downstream: config cases');
    let failure: { conclusion?: string; output?: { title: string; summary: string } } = {};
    mockToken(h.github())
      .get(CONFIG).query({ ref: 'master' }).reply(404, { message: 'Not Found' })
      .get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(fx.configText.replace('repo: Codertocat/hello-dist', 'repo: hello dist')))
      .get(`${SG}/pulls/2`).reply(200, { number: 2, state: 'open', merged: false, head: { sha, ref: 'pr-2' }, base: { ref: 'master' }, html_url: '', title: 't', body: '' })
      .post(`${SG}/check-runs`).reply(201, { id: 31 })
      .patch(`${SG}/check-runs/31`, (b: typeof failure) => ((failure = b), true)).reply(200, { id: 31 });
    await receive(h, 'pull_request', prEvent('synchronize', sha));
    await h.app.worker().drain();
    expect(h.sent.filter((s) => s.method !== 'GET' && !s.path.includes('access_tokens'))).toEqual([]);
    await receive(h, 'pull_request', prEvent('synchronize', sha));
    await h.app.worker().drain();
    expect(failure.conclusion).toBe('failure');
    expect((await h.store.listJobs()).map((j) => j.state)).toEqual(['done', 'done']);
    expect(failure.output?.title).toBe('Configuration error in .distro/source-git.yaml');
    expect(failure.output?.summary).toMatch(/^\.distro\/source-git\.yaml:\d+: `distsync\.dist_git\.repo`: must be "owner\/name" or "<host>\/<path>\/<name>"\n\nFix: /);
  });

  it('retries a GitHub 5xx with back-off on the same check run, and says so after the last retry', async () => {
    let clock = Date.now();
    h.deps.now = () => clock;
    h.deps.jobMaxAttempts = 2;
    const sha = fx.pushPrHead(2, 'downstream: github is down');
    const updates: { status: string; conclusion?: string; output?: { title: string; summary: string } }[] = [];
    mockToken(h.github())
      .get(CONFIG).query({ ref: 'master' }).times(2).reply(200, contentResponse(fx.configText))
      .get(`${SG}/pulls/2`).times(2).reply(200, { number: 2, state: 'open', merged: false, head: { sha, ref: 'pr-2' }, base: { ref: 'master' }, html_url: '', title: 't', body: '' })
      .post(`${SG}/check-runs`).reply(201, { id: 41 })
      .get(`${SG}/commits/${sha}/check-runs`).query({ check_name: 'distsync / dist-git', per_page: 100 })
      .reply(200, { total_count: 1, check_runs: [{ id: 41, name: 'distsync / dist-git', status: 'in_progress', conclusion: null, external_id: 'sync:1', output: {}, html_url: 'x' }] })
      .patch(`${SG}/check-runs/41`, (b: (typeof updates)[number]) => (updates.push(b), true)).times(4).reply(200, { id: 41 })
      .get(`${DG}/pulls`).query(true).times(2).reply(502, { message: 'Bad Gateway' });
    await receive(h, 'pull_request', prEvent('synchronize', sha));
    await h.app.worker().drain();
    const [job] = await h.store.listJobs();
    expect(job).toMatchObject({ state: 'queued', attempts: 1, maxAttempts: 2 });
    expect(updates.map((u) => u.output?.title)).toEqual(['Syncing into dist-git', 'Attempt 1 of 2 failed; retrying']);
    clock += 60_000;
    await h.app.worker().drain();
    expect(await h.store.getJob(job!.id)).toMatchObject({ state: 'failed', attempts: 2 });
    const last = updates[3]!;
    expect(last).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'GitHub kept failing; gave up after 2 attempt(s)' } });
    expect(last.output?.summary).toContain('Bad Gateway');
  });

  it('carries a hand-made dist-git push back into one source-git PR; pushes by bots are ignored', async () => {
    await h.store.savePackageRoute({ sourceRepo: 'Codertocat/Hello-World', sourceBranch: 'main', distRepo: 'Codertocat/hello-dist', distBranch: 'rawhide', installationId: 4242 });
    const work = join(fx.dir, `dist-work-${Date.now()}`);
    git(fx.dir, 'clone', '-q', '-b', 'rawhide', fx.distRemote, work);
    const before = git(work, 'rev-parse', 'HEAD').trim();
    const spec = join(work, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^Release:(\s+)5%\{\?dist\}/m, 'Release:$16%{?dist}'));
    git(work, 'commit', '-q', '-am', 'Bump release for a rebuild');
    git(work, 'push', '-q', 'origin', 'HEAD:rawhide');
    const after = git(work, 'rev-parse', 'HEAD').trim();
    const push = example('push');
    push.ref = 'refs/heads/rawhide';
    push.before = before;
    push.after = after;
    push.deleted = false;
    push.repository.full_name = 'Codertocat/hello-dist';
    push.sender.login = 'a-packager';
    push.sender.type = 'User';
    let prBody = '';
    mockToken(h.github())
      .get(`${DG}/commits/${after}/pulls`).query({ per_page: 100 }).reply(200, [])
      .get(`${SG}/pulls`).query({ state: 'open', head: 'Codertocat:distsync/from-dist-git-rawhide' }).reply(200, [])
      .post(`${SG}/pulls`, (b: { head: string; base: string; body: string }) => ((prBody = b.body), b.head === 'distsync/from-dist-git-rawhide' && b.base === 'main'))
      .reply(201, { ...distPull(9, 'x'), head: { sha: 'x', ref: 'distsync/from-dist-git-rawhide' } });
    await receive(h, 'push', push);
    const bot = structuredClone(push);
    bot.sender.login = 'distsync[bot]';
    bot.sender.type = 'Bot';
    await receive(h, 'push', bot);
    await h.app.worker().drain();
    expect((await h.store.listJobs()).map((j) => [j.kind, j.state])).toEqual([['sync-back', 'done']]);
    expect(git(fx.sourceRemote, 'show', 'distsync/from-dist-git-rawhide:.distro/lz4.spec')).toMatch(/^Release:\s+6%\{\?dist\}/m);
    expect(prBody).toContain(`Codertocat/hello-dist@${after.slice(0, 12)}`);
  });
});
