import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrLink } from '../../src/store/types.js';
import { CONFIG_YAML, contentResponse, createHarness, example, mockToken, receive, type Harness } from './harness.js';

const SG = '/repos/Codertocat/Hello-World';
const DG = '/repos/Codertocat/hello-dist';
const BRANCH = 'distsync/sg-Hello-World-2';
const SRC_SHA = 'a'.repeat(40);
const DIST_SHA = 'd'.repeat(40);
const LINK: PrLink = { sourceRepo: 'Codertocat/Hello-World', sourcePr: 2, distRepo: 'Codertocat/hello-dist', distPr: 7, distBranch: BRANCH, headRepo: 'Codertocat/hello-dist', sourceHeadSha: SRC_SHA, distHeadSha: DIST_SHA };

function pull(number: number, sha: string, extra: Record<string, unknown> = {}) {
  return { number, state: 'open', merged: false, head: { sha, ref: 'x' }, base: { ref: 'rawhide' }, html_url: `https://github.com/x/pull/${number}`, title: 't', body: '', ...extra };
}
const run = (id: number, name: string, conclusion: string | null, slug = 'ci-app', status = 'completed') => ({
  id, name, status, conclusion, external_id: null, html_url: `https://ci.example/${id}`, output: { title: `${name} title`, summary: 'details' }, app: { slug },
});

describe('dist-git checks mirrored to source-git; merge both', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await h.store.savePrLink(LINK);
  });
  afterEach(async () => {
    expect((await h.store.listJobs({ state: 'failed' })).map((j) => j.lastError)).toEqual([]);
    await h.done();
    expect(h.problems).toEqual([]);
  });

  function distCheckRun(action = 'completed') {
    const p = example('check_run', action);
    p.repository.full_name = 'Codertocat/hello-dist';
    p.check_run.head_sha = DIST_SHA;
    p.check_run.check_suite.head_branch = BRANCH;
    return p;
  }

  it('mirrors check runs and commit statuses as `dist-git / <name>`, creating once and updating after', async () => {
    const created: Record<string, unknown>[] = [];
    const updated: Record<string, unknown>[] = [];
    mockToken(h.github())
      .get(`${DG}/commits/${DIST_SHA}/check-runs`).query({ per_page: 100 }).times(2)
      .reply(200, { total_count: 2, check_runs: [run(500, 'ci/build', 'failure'), run(501, 'distsync / dist-git', 'success', 'distsync')] })
      .get(`${DG}/commits/${DIST_SHA}/status`).times(2)
      .reply(200, { state: 'pending', statuses: [{ context: 'zuul', state: 'pending', description: 'running', target_url: 'https://zuul.example/1' }] })
      .post(`${SG}/check-runs`, (b: Record<string, unknown>) => (created.push(b), true)).times(2).reply(201, (_u, b) => ({ id: (b as { name: string }).name.includes('zuul') ? 901 : 900 }))
      .patch(/\/repos\/Codertocat\/Hello-World\/check-runs\/90[01]$/, (b: Record<string, unknown>) => (updated.push(b), true)).times(2).reply(200, {});
    await receive(h, 'check_run', distCheckRun());
    await h.app.worker().drain();
    expect(created).toEqual([
      { name: 'dist-git / ci/build', head_sha: SRC_SHA, status: 'completed', conclusion: 'failure', details_url: 'https://ci.example/500', output: { title: 'ci/build title', summary: 'Mirrored from Codertocat/hello-dist: https://ci.example/500\n\ndetails' } },
      { name: 'dist-git / zuul', head_sha: SRC_SHA, status: 'in_progress', details_url: 'https://zuul.example/1', output: { title: 'running', summary: 'Mirrored commit status from Codertocat/hello-dist: https://zuul.example/1' } },
    ]);
    const status = example('status');
    status.repository.full_name = 'Codertocat/hello-dist';
    status.sha = DIST_SHA;
    status.branches = [{ name: 'rawhide', commit: { sha: 'x', url: '' }, protected: false }, { name: BRANCH, commit: { sha: DIST_SHA, url: '' }, protected: false }];
    await receive(h, 'status', status);
    await h.app.worker().drain();
    expect(updated.length).toBe(2);
    expect(await h.store.getMirroredCheckByMirrorId(900)).toMatchObject({ originKey: 'check_run:500', originCheckRunId: 500, sourcePr: 2 });
  });

  it('ignores checks on dist-git branches that are not ours and on stale heads', async () => {
    const other = distCheckRun();
    other.check_run.check_suite.head_branch = 'rawhide';
    await receive(h, 'check_run', other);
    const suite = example('check_suite', 'completed');
    suite.repository.full_name = 'Codertocat/hello-dist';
    suite.check_suite.head_branch = BRANCH;
    suite.check_suite.head_sha = 'e'.repeat(40);
    await receive(h, 'check_suite', suite);
    await h.app.worker().drain();
    expect((await h.store.listJobs()).map((j) => [j.kind, j.state])).toEqual([['mirror-checks', 'done']]);
    expect(h.sent).toEqual([]);
  });

  it('rerequests the original check run when a mirrored one is re-run; comments retest_comment when configured', async () => {
    await h.store.saveMirroredCheck({ originKey: 'check_run:500', originCheckRunId: 500, distRepo: LINK.distRepo, sourceRepo: LINK.sourceRepo, sourcePr: 2, sourceHeadSha: SRC_SHA, mirrorCheckRunId: 900 });
    const rerun = example('check_run', 'rerequested');
    rerun.check_run.id = 900;
    let comment = '';
    mockToken(h.github())
      .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(CONFIG_YAML))
      .post(`${DG}/check-runs/500/rerequest`).reply(201, {})
      .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(`${CONFIG_YAML}  retest_comment: /retest\n`))
      .post(`${DG}/issues/7/comments`, (b: { body: string }) => ((comment = b.body), true)).reply(201, {});
    await receive(h, 'check_run', rerun);
    await h.app.worker().drain();
    await receive(h, 'check_run', rerun);
    await h.app.worker().drain();
    expect(comment).toBe('/retest');
  });

  function mergeComment() {
    const p = example('issue_comment', 'created');
    p.issue.number = 2;
    p.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/2' };
    p.comment.body = '/distsync merge';
    return p;
  }
  function commandPreamble() {
    return mockToken(h.github())
      .post(/\/reactions$/).reply(201, {})
      .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(CONFIG_YAML))
      .get(`${SG}/collaborators/Codertocat/permission`).reply(200, { permission: 'write', role_name: 'write', user: null });
  }

  it('/distsync merge with all dist-git checks green merges dist-git first, then source-git', async () => {
    let reply = '';
    commandPreamble()
      .get(`${DG}/pulls/7`).reply(200, pull(7, DIST_SHA))
      .get(`${SG}/pulls/2`).reply(200, pull(2, SRC_SHA))
      .get(`${DG}/commits/${DIST_SHA}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [run(500, 'ci/build', 'success')] })
      .get(`${DG}/commits/${DIST_SHA}/status`).reply(200, { state: 'success', statuses: [{ context: 'zuul', state: 'success' }] })
      .put(`${DG}/pulls/7/merge`, { sha: DIST_SHA, merge_method: 'rebase' }).reply(200, { merged: true, sha: 'm', message: 'ok' })
      .put(`${SG}/pulls/2/merge`, { sha: SRC_SHA, merge_method: 'merge' }).reply(200, { merged: true, sha: 'n', message: 'ok' })
      .post(`${SG}/issues/2/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    await receive(h, 'issue_comment', mergeComment());
    await h.app.worker().drain();
    const merges = h.sent.filter((s) => s.method === 'PUT').map((s) => s.path);
    expect(merges).toEqual([`${DG}/pulls/7/merge`, `${SG}/pulls/2/merge`]);
    expect(reply).toBe('Merged Codertocat/hello-dist#7, then this pull request.');
  });

  it('/distsync merge with a failing check or a moved dist-git head says so and merges nothing', async () => {
    const replies: string[] = [];
    commandPreamble()
      .get(`${DG}/pulls/7`).reply(200, pull(7, DIST_SHA))
      .get(`${SG}/pulls/2`).reply(200, pull(2, SRC_SHA))
      .get(`${DG}/commits/${DIST_SHA}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [run(500, 'ci/build', 'failure')] })
      .get(`${DG}/commits/${DIST_SHA}/status`).reply(200, { state: 'pending', statuses: [{ context: 'zuul', state: 'pending' }] })
      .post(`${SG}/issues/2/comments`, (b: { body: string }) => (replies.push(b.body), true)).times(2).reply(201, {})
      .post(/\/reactions$/).reply(201, {})
      .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(CONFIG_YAML))
      .get(`${SG}/collaborators/Codertocat/permission`).reply(200, { permission: 'write', role_name: 'write', user: null })
      .get(`${DG}/pulls/7`).reply(200, pull(7, 'f'.repeat(40)))
      .get(`${SG}/pulls/2`).reply(200, pull(2, SRC_SHA));
    await receive(h, 'issue_comment', mergeComment());
    await h.app.worker().drain();
    await receive(h, 'issue_comment', mergeComment());
    await h.app.worker().drain();
    expect(replies[0]).toBe('Not all checks on Codertocat/hello-dist#7 passed, so nothing was merged:\n- ci/build: failure\n- zuul: pending');
    expect(replies[1]).toMatch(/^The head of Codertocat\/hello-dist#7 moved \(ffffffffffff, synced dddddddddddd\)\. Nothing was merged/);
    expect(h.sent.some((s) => s.method === 'PUT')).toBe(false);
  });

  it('an approval merges both when merge_on_approval is set', async () => {
    const review = example('pull_request_review', 'submitted');
    review.review.state = 'approved';
    review.pull_request.number = 2;
    mockToken(h.github())
      .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(`${CONFIG_YAML}  merge_on_approval: true\n`))
      .get(`${DG}/pulls/7`).reply(200, pull(7, DIST_SHA))
      .get(`${SG}/pulls/2`).reply(200, pull(2, SRC_SHA))
      .get(`${DG}/commits/${DIST_SHA}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .get(`${DG}/commits/${DIST_SHA}/status`).reply(200, { state: 'success', statuses: [] })
      .put(`${DG}/pulls/7/merge`).reply(200, { merged: true, sha: 'm', message: 'ok' })
      .put(`${SG}/pulls/2/merge`).reply(200, { merged: true, sha: 'n', message: 'ok' })
      .post(`${SG}/issues/2/comments`).reply(201, {});
    await receive(h, 'pull_request_review', review);
    await h.app.worker().drain();
    expect(h.sent.filter((s) => s.method === 'PUT').length).toBe(2);
  });

  it('an approval does nothing without merge_on_approval', async () => {
    const review = example('pull_request_review', 'submitted');
    review.review.state = 'approved';
    mockToken(h.github()).get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(CONFIG_YAML));
    await receive(h, 'pull_request_review', review);
    await h.app.worker().drain();
    expect(h.sent.map((s) => s.method)).toEqual(['POST', 'GET']);
  });

  it('a dist-git PR merged by hand merges the source-git PR', async () => {
    const closed = example('pull_request', 'closed');
    closed.repository.full_name = 'Codertocat/hello-dist';
    closed.pull_request.number = 7;
    closed.pull_request.merged = true;
    mockToken(h.github())
      .get(`${SG}/pulls/2`).reply(200, pull(2, SRC_SHA))
      .get(`${SG}/contents/.distro%2Fsource-git.yaml`).reply(200, contentResponse(`${CONFIG_YAML}  merge_method: { source_git: squash }\n`))
      .put(`${SG}/pulls/2/merge`, { sha: SRC_SHA, merge_method: 'squash' }).reply(200, { merged: true, sha: 'n', message: 'ok' });
    await receive(h, 'pull_request', closed);
    await h.app.worker().drain();
  });

  it('a source-git PR closed without merge closes the dist-git PR and deletes its branch', async () => {
    const closed = example('pull_request', 'closed');
    closed.pull_request.number = 2;
    closed.pull_request.merged = false;
    mockToken(h.github())
      .get(`${DG}/pulls/7`).reply(200, pull(7, DIST_SHA))
      .patch(`${DG}/pulls/7`, { state: 'closed' }).reply(200, pull(7, DIST_SHA, { state: 'closed' }))
      .delete(`${DG}/git/refs/heads%2Fdistsync%2Fsg-Hello-World-2`).reply(204);
    await receive(h, 'pull_request', closed);
    await h.app.worker().drain();
  });

  function command(body: string) {
    const p = mergeComment();
    p.comment.body = body;
    return p;
  }

  it('/distsync retest re-requests the failed dist-git check runs only', async () => {
    let reply = '';
    commandPreamble()
      .get(`${DG}/commits/${DIST_SHA}/check-runs`).query(true)
      .reply(200, { total_count: 3, check_runs: [run(500, 'ci/build', 'failure'), run(501, 'ci/lint', 'success'), run(502, 'ci/rpminspect', 'timed_out')] })
      .post(`${DG}/check-runs/500/rerequest`).reply(201, {})
      .post(`${DG}/check-runs/502/rerequest`).reply(201, {})
      .post(`${SG}/issues/2/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    await receive(h, 'issue_comment', command('/distsync retest'));
    await h.app.worker().drain();
    expect(reply).toBe('Re-requested ci/build, ci/rpminspect on Codertocat/hello-dist#7.');
  });

  it('/distsync status names the dist-git PR, the synced head and its checks', async () => {
    let reply = '';
    commandPreamble()
      .get(`${DG}/pulls/7`).reply(200, pull(7, DIST_SHA))
      .get(`${DG}/commits/${DIST_SHA}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [run(500, 'ci/build', null, 'ci-app', 'in_progress')] })
      .post(`${SG}/issues/2/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    await receive(h, 'issue_comment', command('/distsync status'));
    await h.app.worker().drain();
    expect(reply).toBe(`Dist-git PR: https://github.com/x/pull/7 (open)\nSynced source-git head: \`${SRC_SHA}\`\nChecks:\n- ci/build: in_progress`);
  });

  it('/distsync sync queues a sync of the current PR head, superseding any queued one', async () => {
    let reply = '';
    commandPreamble()
      .get(`${SG}/pulls/2`).reply(200, pull(2, 'b'.repeat(40), { base: { ref: 'master' } }))
      .post(`${SG}/issues/2/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    await receive(h, 'issue_comment', command('/distsync sync'));
    expect(await h.app.worker().runOnce()).toBe(true);
    const jobs = await h.store.listJobs();
    expect(jobs.map((j) => [j.kind, j.state])).toEqual([['command', 'done'], ['sync-pr', 'queued']]);
    expect(jobs[1]?.payload).toEqual({ installationId: 4242, sourceRepo: 'Codertocat/Hello-World', pr: 2, headSha: 'b'.repeat(40), baseRef: 'master' });
    expect(jobs[1]?.supersedeKey).toBe('sync:Codertocat/Hello-World#2');
    expect(reply).toBe(`Sync of bbbbbbbbbbbb queued (job ${jobs[1]?.id}); the \`distsync / dist-git\` check shows its progress.`);
  });
});
