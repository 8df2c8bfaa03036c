import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { contentResponse, createHarness, example, mockOpenPull, mockToken, receive, type Harness } from './harness.js';
import { makeGitFixture, type GitFixture } from './git-fixture.js';

const SG = '/repos/Codertocat/Hello-World';
const DG = '/repos/Codertocat/hello-dist';
const CONFIG = `${SG}/contents/.distro%2Fsource-git.yaml`;
const BRANCH = 'distsync/sg-Hello-World-8';

/** `require_tracker: true`: RHEL's rule that every commit names its ticket, enforced on the `distsync / dist-git` check. */
describe('require_tracker: the check fails naming each PR commit without Resolves:/Related:', () => {
  let fx: GitFixture;
  let h: Harness;
  let config = '';
  beforeAll(async () => {
    fx = await makeGitFixture(tempDir('app-tracker'));
    config = fx.configText.replace('distsync:\n', 'distsync:\n  require_tracker: true\n');
    // The PR's base branch is "master" in these payloads: publish source-git's base there.
    git(fx.sourceGit, 'push', '-q', fx.sourceRemote, 'main:refs/heads/master');
  });
  afterAll(() => removeDirs(fx.dir));
  beforeEach(async () => {
    h = await createHarness({ engine: { updateDistGit, updateSourceGit, proposeDownstream } });
    h.deps.workspace = { cacheDir: join(fx.dir, `cache-${Date.now()}`), gitBaseUrl: 'https://github.com', config: fx.gitConfig };
  });
  afterEach(async () => {
    await h.done();
    expect(h.problems).toEqual([]);
  });

  function commit(message: string): string {
    appendFileSync(join(fx.sourceGit, 'NEWS'), `\n${message.split('\n')[0]}\n`);
    git(fx.sourceGit, 'commit', '-q', '-am', message);
    return git(fx.sourceGit, 'rev-parse', 'HEAD').trim();
  }
  function open(sha: string) {
    git(fx.sourceGit, 'push', '-q', '--force', fx.sourceRemote, `${sha}:refs/pull/8/head`);
    const p = example('pull_request', 'synchronize');
    p.number = 8;
    p.pull_request.number = 8;
    p.pull_request.head.sha = sha;
    p.pull_request.base.ref = 'master';
    return p;
  }

  it('names the commit that lacks one (a typo is not a reference) and syncs nothing; with every commit tracked the sync goes through', async () => {
    git(fx.sourceGit, 'checkout', '-q', '-B', 'pr-8', 'main');
    commit('NEWS: fix the memmove note\n\nResolves: RHEL-12736');
    const bad = commit('NEWS: one more line\n\nResolves: RHEL1234');
    let failure: { conclusion?: string; output?: { title: string; summary: string } } = {};
    mockOpenPull(mockToken(h.github()).get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(config)), 'Codertocat/Hello-World', 8, bad)
      .post(`${SG}/check-runs`).reply(201, { id: 81 })
      .patch(`${SG}/check-runs/81`).reply(200, { id: 81 })
      .patch(`${SG}/check-runs/81`, (b: typeof failure) => ((failure = b), true)).reply(200, { id: 81 });
    await receive(h, 'pull_request', open(bad));
    await h.app.worker().drain();
    expect(failure.conclusion).toBe('failure');
    expect(failure.output?.title).toBe('1 commit(s) without a tracker reference');
    expect(failure.output?.summary).toContain(`- ${bad.slice(0, 12)} "NEWS: one more line" (not a tracker reference: RHEL1234)`);
    expect(failure.output?.summary).toContain('Resolves: RHEL-1234');
    expect(git(fx.distRemote, 'branch', '--list', BRANCH).trim()).toBe('');
    expect((await h.store.listJobs()).map((j) => j.state)).toEqual(['done']);

    // The contributor rewords the commit: every commit has a reference now.
    git(fx.sourceGit, '-c', 'core.editor=true', 'commit', '-q', '--amend', '-m', 'NEWS: one more line\n\nRelated: rhbz#1991688');
    const good = git(fx.sourceGit, 'rev-parse', 'HEAD').trim();
    let done: { conclusion?: string } = {};
    mockOpenPull(h.github().get(CONFIG).query({ ref: 'master' }).reply(200, contentResponse(config)), 'Codertocat/Hello-World', 8, good)
      .post(`${SG}/check-runs`).reply(201, { id: 82 })
      .patch(`${SG}/check-runs/82`).reply(200, { id: 82 })
      .patch(`${SG}/check-runs/82`, (b: typeof done) => ((done = b), true)).reply(200, { id: 82 })
      .get(`${DG}/pulls`).query({ state: 'open', head: `Codertocat:${BRANCH}` }).reply(200, [])
      .post(`${DG}/pulls`).reply(201, () => ({ number: 3, state: 'open', merged: false, head: { sha: 'x', ref: BRANCH }, base: { ref: 'rawhide' }, html_url: 'https://github.com/Codertocat/hello-dist/pull/3', title: 't', body: '' }));
    await receive(h, 'pull_request', open(good));
    await h.app.worker().drain();
    expect(done.conclusion).toBe('success');
    const message = git(fx.distRemote, 'log', '-1', '--format=%B', BRANCH);
    expect(message).toContain('Resolves: RHEL-12736\nRelated: rhbz#1991688\nFrom-source-git-commit: ');
  }, 120_000);
});
