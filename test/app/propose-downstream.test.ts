import { parseProposalMarker } from '../../src/app/jobs/proposal-marker.js';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { createGitLookaside } from '../../src/lookaside/index.js';
import { CORPUS, hashOf, git, removeDirs, tempDir } from '../helpers/corpus.js';
import { rememberUpstream } from '../../src/app/upstream-follow.js';
import { contentResponse, createHarness, example, INSTALLATION, mockToken, receive, TOKEN, type Harness } from './harness.js';
import { makeGitFixture, type GitFixture } from './git-fixture.js';

const SG = '/repos/Codertocat/Hello-World';
const DG = '/repos/Codertocat/hello-dist';
const CONFIG = `${SG}/contents/.distro%2Fsource-git.yaml`;
const SG_BRANCH = 'propose-downstream/1.9.4';
const DG_BRANCH = 'propose-downstream/rawhide/1.9.4';
const ISSUE_TITLE = 'distsync: propose-downstream 1.9.4 failed';
const PACKAGER = '  packager: { name: Release Bot, email: release@example.org }\n';
const DISTSYNC_KEY = `distsync:
  dist_git:
    repo: Codertocat/hello-dist
    branches:
      main: [rawhide, { branch: c9s, version_mask: '^1\\.8\\.' }]
${PACKAGER}`;

function pull(number: number, repo: string, ref: string, base: string) {
  return { number, state: 'open', merged: false, head: { sha: 'e'.repeat(40), ref }, base: { ref: base }, html_url: `https://github.com/${repo}/pull/${number}`, title: 't', body: '' };
}

type Check = { name: string; head_sha: string; status: string; conclusion?: string; details_url?: string; output?: { title: string; summary: string } };

describe('propose-downstream in the App: release / tag push / command → real lz4 1.9.3 → 1.9.4 → PRs, checks, issues', () => {
  let fx: GitFixture;
  let h: Harness;
  let configText: string;
  let releaseSha: string;
  let lookaside: string;

  beforeAll(async () => {
    fx = await makeGitFixture(tempDir('app-propose'));
    git(fx.sourceGit, 'checkout', '-q', 'main');
    const path = join(fx.sourceGit, '.distro/source-git.yaml');
    const base = readFileSync(path, 'utf8');
    configText = `${base.slice(0, base.indexOf('distsync:')).replace(/^upstream_tag_template:.*\n/m, '')}upstream_tag_template: v{version}\n${DISTSYNC_KEY}`;
    writeFileSync(path, configText);
    git(fx.sourceGit, 'commit', '-q', '-am', 'distsync: propose to rawhide and (1.8 only) c9s');
    git(fx.sourceGit, 'push', '-q', '--force', fx.sourceRemote, 'main:main');
    git(fx.distRemote, 'branch', 'c9s', 'rawhide');
    releaseSha = git(fx.sourceRemote, 'rev-parse', 'v1.9.4^{commit}').trim();
    lookaside = join(fx.dir, 'lookaside-store');
  });
  afterAll(() => removeDirs(fx.dir));
  beforeEach(async () => {
    h = await createHarness({ engine: { updateDistGit, updateSourceGit, proposeDownstream } });
    h.deps.workspace = { cacheDir: join(fx.dir, `cache-${Date.now()}`), gitBaseUrl: 'https://github.com', config: fx.gitConfig };
    h.deps.lookasideDir = lookaside;
  });
  afterEach(async () => {
    expect((await h.store.listJobs({ state: 'failed' })).map((j) => j.lastError)).toEqual([]);
    await h.done();
    expect(h.problems).toEqual([]);
  });

  function release(tag = 'v1.9.4') {
    const p = example('release', 'published');
    p.release.tag_name = tag;
    return p;
  }

  /** The calls of one successful run; `existing` = the PRs are already open (a re-run). */
  function mockRun(scope: nock.Scope, existing: boolean) {
    const seen = { checks: [] as Check[], updates: [] as Check[], sgPr: {} as { title: string; body: string; head: string; base: string }, dgPr: {} as { title: string; body: string; head: string; base: string }, sgBody: '' };
    scope
      .get(CONFIG).reply(200, contentResponse(configText))
      .post(`${SG}/check-runs`, (b: Check) => (seen.checks.push(b), true)).times(2).reply(201, (_u, b) => ({ id: (b as Check).name.includes('c9s') ? 52 : 51 }))
      .get(`${SG}/pulls`).query({ state: 'open', head: `Codertocat:${SG_BRANCH}` }).reply(200, existing ? [pull(20, 'Codertocat/Hello-World', SG_BRANCH, 'main')] : [])
      .get(`${DG}/pulls`).query({ state: 'open', head: `Codertocat:${DG_BRANCH}` }).reply(200, existing ? [pull(30, 'Codertocat/hello-dist', DG_BRANCH, 'rawhide')] : [])
      .patch(`${SG}/check-runs/51`, (b: Check) => (seen.updates.push(b), true)).reply(200, {});
    if (existing) {
      scope
        .patch(`${SG}/pulls/20`, (b: typeof seen.sgPr) => ((seen.sgPr = b), true)).reply(200, pull(20, 'Codertocat/Hello-World', SG_BRANCH, 'main'))
        .patch(`${DG}/pulls/30`, (b: typeof seen.dgPr) => ((seen.dgPr = b), true)).reply(200, pull(30, 'Codertocat/hello-dist', DG_BRANCH, 'rawhide'));
    } else {
      scope
        .post(`${SG}/pulls`, (b: typeof seen.sgPr) => ((seen.sgPr = b), true)).reply(201, pull(20, 'Codertocat/Hello-World', SG_BRANCH, 'main'))
        .post(`${DG}/pulls`, (b: typeof seen.dgPr) => ((seen.dgPr = b), true)).reply(201, pull(30, 'Codertocat/hello-dist', DG_BRANCH, 'rawhide'));
    }
    // The source-git PR's body gets what `/distsync merge` checks (merge-proposal.ts) once the dist-git PRs exist.
    scope.patch(`${SG}/pulls/20`, (b: { body?: string }) => (b.body?.includes('<!-- distsync-proposal ') ? ((seen.sgBody = b.body), true) : false)).reply(200, pull(20, 'Codertocat/Hello-World', SG_BRANCH, 'main'));
    return seen;
  }

  it('release.published: pushes both branches, opens one source-git and one dist-git PR, checks on the release commit; the version mask skips c9s', async () => {
    const seen = mockRun(mockToken(h.github()), false);
    await receive(h, 'release', release());
    await h.app.worker().drain();

    expect(seen.checks.map((c) => [c.name, c.head_sha, c.status, c.conclusion])).toEqual([
      ['distsync / propose-downstream (rawhide)', releaseSha, 'in_progress', undefined],
      ['distsync / propose-downstream (c9s)', releaseSha, 'completed', 'skipped'],
    ]);
    expect(seen.checks[1]!.output?.summary).toContain("`version_mask: ^1\\.8\\.` of dist-git branch c9s does not match 1.9.4");
    expect(seen.updates).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success', details_url: 'https://github.com/Codertocat/hello-dist/pull/30' })]);
    expect(seen.updates[0]!.output?.summary).toContain('Source-git PR: https://github.com/Codertocat/Hello-World/pull/20');

    expect(seen.sgPr).toMatchObject({ title: '[distsync] Update to 1.9.4', head: SG_BRANCH, base: 'main' });
    expect(seen.sgPr.body).toContain('Rebase the downstream patches onto upstream 1.9.4 (tag `v1.9.4`)');
    expect(seen.sgPr.body).toMatch(/^- merged upstream: lz4-cve-2021-3520\.patch \([0-9a-f]{12}\) — same patch upstream$/m);
    expect(seen.sgBody.startsWith(seen.sgPr.body)).toBe(true);
    expect(parseProposalMarker(seen.sgBody)).toEqual({
      version: '1.9.4',
      base: 'main',
      baseSha: git(fx.sourceRemote, 'rev-parse', 'main').trim(),
      head: git(fx.sourceRemote, 'rev-parse', SG_BRANCH).trim(),
      dist: [{ branch: 'rawhide', pr: 30, sha: git(fx.distRemote, 'rev-parse', DG_BRANCH).trim() }],
    });
    expect(seen.dgPr).toMatchObject({ title: '[distsync] Update to 1.9.4 (rawhide)', head: DG_BRANCH, base: 'rawhide' });
    expect(seen.dgPr.body).toContain('Update rawhide to upstream 1.9.4 (tag `v1.9.4` of https://github.com/Codertocat/Hello-World)');
    expect(seen.dgPr.body).toContain('Source-git pull request with the rebased patches: https://github.com/Codertocat/Hello-World/pull/20');
    expect(seen.dgPr.body).toMatch(/^Tarball: `lz4-1\.9\.4\.tar\.gz` \(sha256 `[0-9a-f]{64}`\), uploaded to the lookaside\.$/m);

    const spec = git(fx.distRemote, 'show', `${DG_BRANCH}:SPECS/lz4.spec`);
    expect(spec).toMatch(/^Version:\s+1\.9\.4$/m);
    expect(spec).not.toMatch(/^Patch/m);
    expect(spec).toContain('Release Bot <release@example.org> - 1.9.4-1');
    expect(git(fx.distRemote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/propose-downstream').trim()).toBe(DG_BRANCH);
    expect(git(fx.sourceRemote, 'show', `${SG_BRANCH}:.distro/source-git.yaml`)).toMatch(/^upstream_ref: v1\.9\.4$/m);
    const hash = /^([0-9a-f]{64}) SOURCES\/lz4-1\.9\.4\.tar\.gz$/m.exec(git(fx.distRemote, 'show', `${DG_BRANCH}:.lz4.metadata`))?.[1];
    const stored = join(lookaside, 'lz4', 'lz4-1.9.4.tar.gz', 'sha256', hash ?? 'none', 'lz4-1.9.4.tar.gz');
    expect(existsSync(stored) && hashOf(stored, 'sha256')).toBe(hash);
    expect(readdirSync(join(h.deps.workspace.cacheDir, 'work'))).toEqual([]);
  });

  it('the operator\'s lookaside of another kind (a git lookaside here) receives the tarball instead of the directory', async () => {
    const bare = join(fx.dir, `lookaside-${Date.now()}.git`);
    git(fx.dir, 'init', '-q', '--bare', bare);
    const tokens: string[] = [];
    h.deps.lookasideStore = (auth) => (tokens.push(auth.token), createGitLookaside({ repo: bare, branch: 'lz4' }));
    const seen = mockRun(mockToken(h.github()), false);
    await receive(h, 'release', release());
    await h.app.worker().drain();
    expect(seen.updates).toEqual([expect.objectContaining({ conclusion: 'success' })]);
    expect(tokens).toHaveLength(1);
    const hash = /^([0-9a-f]{64}) SOURCES\/lz4-1\.9\.4\.tar\.gz$/m.exec(git(fx.distRemote, 'show', `${DG_BRANCH}:.lz4.metadata`))?.[1];
    expect(git(bare, 'log', '--format=%s', 'lz4').trim()).toBe('Add lz4-1.9.4.tar.gz');
    const blob = execFileSync('git', ['-C', bare, 'cat-file', 'blob', 'lz4:lz4-1.9.4.tar.gz'], { maxBuffer: 64 << 20 });
    expect(createHash('sha256').update(blob).digest('hex')).toBe(hash);
    expect(seen.dgPr.body).toMatch(/^Tarball: `lz4-1\.9\.4\.tar\.gz` \(sha256 `[0-9a-f]{64}`\), uploaded to the lookaside\.$/m);
  });

  it('a release on a separate upstream repository the App is installed on proposes it to the source-git repos that follow it', async () => {
    const upstreamBare = join(fx.remotes, 'lz4', 'lz4.git');
    git(fx.dir, 'clone', '-q', '--bare', join(CORPUS, 'lz4', 'upstream', 'lz4-upstream.bundle'), upstreamBare);
    git(fx.sourceRemote, 'tag', '-d', 'v1.9.4');
    const main = git(fx.sourceRemote, 'rev-parse', 'main').trim();
    try {
      // Hello-World names lz4/lz4 as its upstream project …
      git(fx.sourceGit, 'checkout', '-q', 'main');
      const path = join(fx.sourceGit, '.distro/source-git.yaml');
      writeFileSync(path, `upstream_project_url: https://github.com/lz4/lz4.git\n${readFileSync(path, 'utf8')}`);
      git(fx.sourceGit, 'commit', '-q', '-am', 'upstream is lz4/lz4');
      git(fx.sourceGit, 'push', '-q', '--force', fx.sourceRemote, 'main:main');
      // … which the App learns when it first runs propose-downstream there (recorded as a package route)
      expect(await rememberUpstream(h.store, { sourceRepo: 'Codertocat/Hello-World', sourceBranch: 'main', upstreamProjectUrl: 'https://github.com/lz4/lz4.git', webBaseUrl: 'https://github.com', installationId: INSTALLATION })).toBe('lz4/lz4');
      const scope = mockToken(h.github()).get('/repos/lz4/lz4/contents/.distro%2Fsource-git.yaml').reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      const seen = mockRun(scope, false);
      const p = release();
      p.repository.full_name = 'lz4/lz4';
      p.repository.name = 'lz4';
      p.repository.owner.login = 'lz4';
      await receive(h, 'release', p);
      await h.app.worker().drain();
      expect((await h.store.listJobs()).map((j) => [j.kind, (j.payload as { sourceRepo: string }).sourceRepo, j.state])).toEqual([
        ['propose-downstream', 'lz4/lz4', 'done'],
        ['propose-downstream', 'Codertocat/Hello-World', 'done'],
      ]);
      expect(seen.checks[0]).toMatchObject({ name: 'distsync / propose-downstream (rawhide)', head_sha: releaseSha });
      expect(seen.updates).toEqual([expect.objectContaining({ conclusion: 'success' })]);
      expect(git(fx.distRemote, 'show', `${DG_BRANCH}:SPECS/lz4.spec`)).toMatch(/^Version:\s+1\.9\.4$/m);
      expect(git(fx.sourceRemote, 'show', `${SG_BRANCH}:.distro/source-git.yaml`)).toMatch(/^upstream_ref: v1\.9\.4$/m);
    } finally {
      git(fx.sourceRemote, 'fetch', '-q', upstreamBare, 'refs/tags/v1.9.4:refs/tags/v1.9.4');
      git(fx.sourceRemote, 'update-ref', 'refs/heads/main', main);
      git(fx.sourceGit, 'reset', '-q', '--hard', main);
    }
  });

  it('`/distsync propose-downstream --version 1.9.4` by a writer re-runs it: the PRs are found by head branch and updated, none opened', async () => {
    let reply = '';
    const scope = mockToken(h.github())
      .post(/\/reactions$/).reply(201, {})
      .get(CONFIG).reply(200, contentResponse(configText))
      .get(`${SG}/collaborators/Codertocat/permission`).reply(200, { permission: 'write', role_name: 'write', user: null })
      .post(`${SG}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    const seen = mockRun(scope, true);
    const c = example('issue_comment', 'created');
    c.comment.body = '/distsync propose-downstream --version 1.9.4';
    await receive(h, 'issue_comment', c);
    await h.app.worker().drain();
    expect(reply).toMatch(/^Proposing version 1\.9\.4 downstream \(job \d+\)/);
    expect((await h.store.listJobs()).map((j) => [j.kind, j.state])).toEqual([['command', 'done'], ['propose-downstream', 'done']]);
    expect(seen.sgPr).toMatchObject({ title: '[distsync] Update to 1.9.4' });
    expect(seen.sgPr.body).toContain('merged upstream: lz4-cve-2021-3520.patch');
    expect(seen.dgPr.body).toContain('Update rawhide to upstream 1.9.4');
    expect(seen.updates[0]).toMatchObject({ conclusion: 'success' });
    expect(h.sent.some((s) => s.method === 'POST' && s.path.endsWith('/pulls'))).toBe(false);
  });

  it('a pushed tag that matches upstream_tag_template proposes it; other tags do nothing', async () => {
    const scope = mockToken(h.github()).get(CONFIG).reply(200, contentResponse(configText));
    const seen = mockRun(scope, true);
    const push = (tag: string) => {
      const p = example('push');
      Object.assign(p, { ref: `refs/tags/${tag}`, before: '0'.repeat(40), after: releaseSha, created: true, deleted: false });
      p.sender.type = 'User';
      return p;
    };
    await receive(h, 'push', push('simple-tag'));
    await receive(h, 'push', push('v1.9.4'));
    await h.app.worker().drain();
    expect((await h.store.listJobs()).map((j) => [j.kind, (j.payload as { tag: string }).tag, j.state])).toEqual([
      ['propose-downstream', 'simple-tag', 'done'],
      ['propose-downstream', 'v1.9.4', 'done'],
    ]);
    expect(seen.updates[0]).toMatchObject({ conclusion: 'success' });
  });

  it('a conflict fails the check and opens one issue with the engine report; nothing is pushed', async () => {
    const before = git(fx.sourceRemote, 'rev-parse', 'main').trim();
    const header = join(fx.sourceGit, 'lib/lz4.h');
    writeFileSync(header, readFileSync(header, 'utf8').replace(/^#define LZ4_VERSION_RELEASE {2}3 /m, '#define LZ4_VERSION_RELEASE  33 '));
    git(fx.sourceGit, 'commit', '-q', '-am', 'downstream: our own release number');
    git(fx.sourceGit, 'push', '-q', fx.sourceRemote, 'main:main');
    const proposed = () => [git(fx.sourceRemote, 'for-each-ref', 'refs/heads/propose-downstream'), git(fx.distRemote, 'for-each-ref')];
    const refsBefore = proposed();
    let issue = { title: '', body: '' };
    let update: Check | undefined;
    mockToken(h.github())
      .get(CONFIG).reply(200, contentResponse(configText))
      .post(`${SG}/check-runs`).times(2).reply(201, (_u, b) => ({ id: (b as Check).name.includes('c9s') ? 52 : 51 }))
      .get(`${SG}/issues`).query({ state: 'open', creator: 'distsync[bot]', per_page: 100 }).reply(200, [])
      .post(`${SG}/issues`, (b: typeof issue) => ((issue = b), true)).reply(201, { number: 8, html_url: 'https://github.com/Codertocat/Hello-World/issues/8' })
      .patch(`${SG}/check-runs/51`, (b: Check) => ((update = b), true)).reply(200, {});
    try {
      await receive(h, 'release', release());
      await h.app.worker().drain();
    } finally {
      git(fx.sourceGit, 'reset', '-q', '--hard', before);
      git(fx.sourceGit, 'push', '-q', '--force', fx.sourceRemote, 'main:main');
    }
    expect(issue.title).toBe(ISSUE_TITLE);
    expect(issue.body).toContain('distsync could not propose 1.9.4 (tag `v1.9.4`) to Codertocat/hello-dist, asked by the release of `v1.9.4`.');
    expect(issue.body).toMatch(/^  CONFLICT: downstream: our own release number \([0-9a-f]{12}\) in lib\/lz4\.h$/m);
    expect(issue.body).toContain('git -C <source-git> rebase --onto v1.9.4');
    expect(issue.body).not.toContain(fx.dir);
    expect(issue.body).not.toContain(TOKEN);
    expect(update).toMatchObject({ status: 'completed', conclusion: 'failure', details_url: 'https://github.com/Codertocat/Hello-World/issues/8' });
    expect(update?.output?.summary).toContain('Reported in https://github.com/Codertocat/Hello-World/issues/8');
    expect(proposed()).toEqual(refsBefore);
  });

  it('without distsync.packager: the check fails naming the key, and the open issue is updated, not duplicated', async () => {
    let update: Check | undefined;
    let issueBody = '';
    mockToken(h.github())
      .get(CONFIG).reply(200, contentResponse(configText.replace(PACKAGER, '')))
      .post(`${SG}/check-runs`).times(2).reply(201, (_u, b) => ({ id: (b as Check).name.includes('c9s') ? 52 : 51 }))
      .get(`${SG}/issues`).query({ state: 'open', creator: 'distsync[bot]', per_page: 100 })
      .reply(200, [{ number: 3, title: 'distsync: propose-downstream 1.9.4 failed', html_url: 'https://github.com/Codertocat/Hello-World/issues/3', pull_request: { url: 'x' } }, { number: 8, title: ISSUE_TITLE, html_url: 'https://github.com/Codertocat/Hello-World/issues/8' }])
      .patch(`${SG}/issues/8`, (b: { body: string }) => ((issueBody = b.body), true)).reply(200, {})
      .patch(`${SG}/check-runs/51`, (b: Check) => ((update = b), true)).reply(200, {});
    const refsBefore = git(fx.distRemote, 'for-each-ref');
    await receive(h, 'release', release());
    await h.app.worker().drain();
    expect(update).toMatchObject({ conclusion: 'failure', output: { title: 'propose-downstream 1.9.4 failed' } });
    expect(update?.output?.summary).toContain('`packager` is missing from .distro/distsync.yaml');
    expect(update?.output?.summary).toContain('packager: { name: Your Name, email: you@example.org }');
    expect(issueBody).toContain('`packager` is missing');
    expect(git(fx.distRemote, 'for-each-ref')).toBe(refsBefore);
  });

  it('a version without a tag opens the issue too (no check: there is no release commit)', async () => {
    let issue = { title: '', body: '' };
    mockToken(h.github())
      .post(/\/reactions$/).reply(201, {})
      .get(CONFIG).times(2).reply(200, contentResponse(configText))
      .get(`${SG}/collaborators/Codertocat/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: null })
      .post(`${SG}/issues/1/comments`).reply(201, {})
      .get(`${SG}/issues`).query({ state: 'open', creator: 'distsync[bot]', per_page: 100 }).reply(200, [])
      .post(`${SG}/issues`, (b: typeof issue) => ((issue = b), true)).reply(201, { number: 9, html_url: 'https://github.com/Codertocat/Hello-World/issues/9' });
    const c = example('issue_comment', 'created');
    c.comment.body = '/distsync propose-downstream --version 9.9.9';
    await receive(h, 'issue_comment', c);
    await h.app.worker().drain();
    expect(issue.title).toBe('distsync: propose-downstream 9.9.9 failed');
    expect(issue.body).toContain('tag v9.9.9 is not in source-git');
  });

  it('refuses `/distsync propose-downstream` from a user without write access, queueing nothing', async () => {
    let reply = '';
    mockToken(h.github())
      .post(/\/reactions$/).reply(201, {})
      .get(CONFIG).reply(200, contentResponse(configText))
      .get(`${SG}/collaborators/stranger/permission`).reply(200, { permission: 'read', role_name: 'read', user: null })
      .post(`${SG}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    const c = example('issue_comment', 'created');
    c.comment.body = '/distsync propose-downstream';
    c.comment.user.login = 'stranger';
    c.sender.login = 'stranger';
    await receive(h, 'issue_comment', c);
    await h.app.worker().drain();
    expect(reply).toMatch(/^Sorry @stranger, only people with write access/);
    expect((await h.store.listJobs()).map((j) => j.kind)).toEqual(['command']);
  });

  it('`/distsync sync-back` on a PR carries the hand-made commits of its dist-git branch back into one source-git PR', async () => {
    const work = join(fx.dir, `dist-work-${Date.now()}`);
    git(fx.dir, 'clone', '-q', '-b', 'rawhide', fx.distRemote, work);
    const spec = join(work, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^Release:(\s+)5%\{\?dist\}/m, 'Release:$16%{?dist}'));
    git(work, 'commit', '-q', '-am', 'Bump release for a rebuild');
    git(work, 'push', '-q', 'origin', 'HEAD:rawhide');
    let reply = '';
    let pr = { head: '', base: '', body: '' };
    mockToken(h.github())
      .post(/\/reactions$/).reply(201, {})
      .get(CONFIG).reply(200, contentResponse(configText))
      .get(`${SG}/collaborators/Codertocat/permission`).reply(200, { permission: 'maintain', role_name: 'maintain', user: null })
      .get(`${SG}/pulls/1`).reply(200, pull(1, 'Codertocat/Hello-World', 'feature', 'main'))
      .post(`${SG}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {})
      .get(`${SG}/pulls`).query({ state: 'open', head: 'Codertocat:distsync/from-dist-git-rawhide' }).reply(200, [])
      .post(`${SG}/pulls`, (b: typeof pr) => ((pr = b), true)).reply(201, pull(21, 'Codertocat/Hello-World', 'distsync/from-dist-git-rawhide', 'main'));
    const c = example('issue_comment', 'created');
    c.comment.body = '/distsync sync-back';
    c.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
    await receive(h, 'issue_comment', c);
    await h.app.worker().drain();
    expect(reply).toMatch(/^Carrying Codertocat\/hello-dist rawhide commits back \(job \d+\)/);
    expect(pr).toMatchObject({ head: 'distsync/from-dist-git-rawhide', base: 'main' });
    expect(pr.body).toContain('since the last sync');
    expect(git(fx.sourceRemote, 'show', 'distsync/from-dist-git-rawhide:.distro/lz4.spec')).toMatch(/^Release:\s+6%\{\?dist\}/m);
  });
});
