import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { createDistsyncApp, type DistsyncApp } from '../../src/app/create-app.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { commitAt as commit, PIP_EL9, writePipUpstream as derivedUpstream } from '../helpers/openpatch-fixtures.js';
import { startFakeGithub, type FakeGithub } from '../fake-github/fake-github.js';
import type { Receiver } from '../fake-github/webhooks.js';

const E2E = PIP_EL9;
const UP = 'centos/python-pip';
const RB = 'openela/python-pip';
const SECRET = 'openpatch-webhook-secret';

describe('the App rebuilds an OpenELA dist-git from upstream pushes (python-pip, through the fake GitHub)', () => {
  let dir: string, fake: FakeGithub, store: Store, app: DistsyncApp, receiver: Receiver, upWork: string, rbWork: string;
  const settle = async () => {
    for (let round = 0; round < 20; round++) {
      const sent = await fake.deliver(receiver);
      let ran = false;
      while (await app.worker().runOnce()) ran = true;
      if (sent.length === 0 && !ran) return;
    }
    throw new Error('the App never settled');
  };
  const rbPulls = () => fake.state.pulls.filter((p) => p.repo === RB);
  const rbIssues = () => fake.state.issues.filter((i) => i.repo === RB && !rbPulls().some((p) => p.number === i.number));
  const show = (ref: string, path: string) => git(fake.state.repos.get(RB)!.dir, 'show', `${ref}:${path}`);

  beforeAll(async () => {
    dir = tempDir('openpatch-app');
    const up = join(dir, 'up');
    mkdirSync(up);
    git(up, 'init', '-q', '-b', 'c9s');
    derivedUpstream(up);
    commit(up, 'import python-pip-21.2.3-7.el9_3.1', '2024-03-14T23:29:16Z');
    const rb = join(dir, 'rb');
    mkdirSync(join(rb, '.distsync'), { recursive: true });
    git(rb, 'init', '-q', '-b', 'main');
    writeFileSync(join(rb, '.distsync', 'openpatch.yaml'), `upstream: ${UP}\nbranches: [el9]\n`);
    commit(rb, 'distsync: rebuild config', '2024-03-01T00:00:00Z');
    git(rb, 'checkout', '-q', '--orphan', 'el9');
    git(rb, 'rm', '-q', '-r', '--cached', '.');
    rmSync(join(rb, '.distsync'), { recursive: true });
    cpSync(join(E2E, 'PATCHES'), join(rb, 'PATCHES'), { recursive: true });
    commit(rb, 'Add OpenELA directives', '2024-03-01T00:00:00Z');

    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    fake = await startFakeGithub({ dir: join(dir, 'github'), appId: 7, appSlug: 'distsync', appPublicKey: keys.publicKey, secret: SECRET });
    fake.createRepo(UP, { from: up, defaultBranch: 'c9s', collaborators: { 'importer': 'write' } });
    fake.createRepo(RB, { from: rb, defaultBranch: 'main', collaborators: { alice: 'write' } });
    store = openSqliteStore(join(dir, 'state.sqlite'));
    const log = createMemoryLogger();
    const deps = { store, log, now: Date.now, botLogin: fake.botLogin, webBaseUrl: fake.url, workspace: { cacheDir: join(dir, 'cache'), gitBaseUrl: fake.url }, engine: { updateDistGit, updateSourceGit, proposeDownstream }, lookasideDir: join(dir, 'lookaside') };
    const probot = new Probot({ appId: 7, privateKey: keys.privateKey, secret: SECRET, baseUrl: fake.apiUrl, logLevel: 'fatal', Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
    app = createDistsyncApp(deps, { startWorker: false });
    await probot.load(app.appFn, { cwd: dir, addHandler: () => undefined });
    receiver = (d) => probot.webhooks.verifyAndReceive({ id: d.id, name: d.name as 'push', payload: d.body, signature: d.signature });
    upWork = join(dir, 'up-work');
    rbWork = join(dir, 'rb-work');
    await fake.as('importer').git(dir, 'clone', '-q', '-b', 'c9s', `${fake.url}/${UP}.git`, upWork);
    await fake.as('alice').git(dir, 'clone', '-q', '-b', 'el9', `${fake.url}/${RB}.git`, rbWork);
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await store?.close();
    removeDirs(dir);
  });

  it('`/distsync rebuild` opens a PR into el9 whose tree is the real OpenELA el9, with the directive report', async () => {
    const res = await fetch(`${fake.apiUrl}/repos/${RB}/issues`, { method: 'POST', headers: { authorization: `token ${fake.tokenFor('alice')}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Rebuild please' }) });
    const issue = (await res.json()) as { number: number };
    fake.as('alice').comment(RB, issue.number, '/distsync rebuild');
    await settle();
    const [pr, ...more] = rbPulls();
    expect(more).toEqual([]);
    expect(pr).toMatchObject({ headRef: 'distsync/rebuild-el9', baseRef: 'el9', state: 'open', user: { login: fake.botLogin } });
    expect(pr!.title).toMatch(/^\[distsync\] Rebuild el9 from c9s [0-9a-f]{12}$/);
    expect(pr!.body).toContain('- PATCHES/python-pip.cfg:6:3 spec_change.file #1: Patch8: 5000-add-openela.patch added before line 95');
    expect(pr!.body).toContain('- added `SOURCES/5000-add-openela.patch`');
    const files = readdirSync(join(E2E, 'SOURCES'));
    for (const f of files) expect(show('distsync/rebuild-el9', `SOURCES/${f}`), f).toBe(readFileSync(join(E2E, 'SOURCES', f), 'utf8'));
    expect(show('distsync/rebuild-el9', 'SPECS/python-pip.spec')).toBe(readFileSync(join(E2E, 'SPECS', 'python-pip.spec'), 'utf8'));
    const replies = fake.state.comments.filter((c) => c.repo === RB && c.user.login === fake.botLogin).map((c) => c.body);
    expect(replies.at(-2)).toMatch(/^Rebuilding `el9` from `centos\/python-pip@c9s` \(job \d+\); pushes to the upstream branch rebuild automatically from now on\.$/);
    expect(replies.at(-1)).toContain(`/pull/${pr!.number}`);
    expect(fake.problems).toEqual([]);
  });

  it('an upstream import pushed to c9s (by anyone, bots too) updates the same PR', async () => {
    const spec = join(upWork, 'SPECS', 'python-pip.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('Release:              7%{?dist}.1', 'Release:              8%{?dist}'));
    commit(upWork, 'import python-pip-21.2.3-8.el9', '2024-04-02T10:00:00Z');
    await fake.as('importer').git(upWork, 'push', '-q', 'origin', 'c9s');
    await settle();
    expect(rbPulls()).toHaveLength(1);
    const pr = rbPulls()[0]!;
    expect(show(pr.headSha, 'SPECS/python-pip.spec')).toContain('Release:              8%{?dist}\n');
    expect(show(pr.headSha, 'SPECS/python-pip.spec')).toContain('%changelog\n* Tue Apr 02 2024 Release Engineering <releng@openela.org>');
    expect(git(fake.state.repos.get(RB)!.dir, 'log', '-1', '--format=%B', pr.headSha)).toContain(`Upstream-dist-git-commit: ${git(upWork, 'rev-parse', 'HEAD').trim()}`);
    expect(fake.problems).toEqual([]);
  });

  it('a directive that no longer applies opens one issue with the report (updated, not duplicated, on the next push)', async () => {
    const cfg = join(rbWork, 'PATCHES', 'python-pip.cfg');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('spec_change {\n', 'spec_change {\n  search_and_replace {\n    any: true\n    find: "python3-setuptools-wheel"\n    replace: "x"\n    n: 1\n  }\n'));
    commit(rbWork, 'Broken directive', '2024-04-03T00:00:00Z');
    await fake.as('alice').git(rbWork, 'push', '-q', 'origin', 'el9');
    for (const n of [9, 10]) {
      const spec = join(upWork, 'SPECS', 'python-pip.spec');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/Release: {14}\d+%\{\?dist\}/, `Release:              ${n}%{?dist}`));
      commit(upWork, `import python-pip-21.2.3-${n}.el9`, `2024-04-0${n - 5}T10:00:00Z`);
      await fake.as('importer').git(upWork, 'push', '-q', 'origin', 'c9s');
      await settle();
    }
    const failures = rbIssues().filter((i) => i.title === '[distsync] Rebuild of el9 failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.body).toContain('PATCHES/python-pip.cfg:6:3: spec_change.search_and_replace #1: "python3-setuptools-wheel" is not in SPECS/python-pip.spec (any, n: 1)');
    expect(failures[0]!.body).toContain("next: update find: to the spec's current text");
    expect(show(rbPulls()[0]!.headSha, 'SPECS/python-pip.spec')).toContain('Release:              8%{?dist}\n'); // the PR is left as it was
    expect(fake.problems).toEqual([]);
  });

  it('a configured branch whose upstream branch does not exist: one issue naming the config, no retries', async () => {
    const main = join(dir, 'rb-main');
    await fake.as('alice').git(dir, 'clone', '-q', '-b', 'main', `${fake.url}/${RB}.git`, main);
    writeFileSync(join(main, '.distsync', 'openpatch.yaml'), `upstream: ${UP}\nbranches: [el9, el9-stream-2]\n`);
    commit(main, 'Rebuild the stream branch too', '2024-04-10T00:00:00Z');
    await fake.as('alice').git(main, 'push', '-q', 'origin', 'main');
    const issue = rbIssues()[0]!;
    fake.as('alice').comment(RB, issue.number, '/distsync rebuild el9-stream-2');
    await settle();
    const failure = rbIssues().filter((i) => i.title === '[distsync] Rebuild of el9-stream-2 failed');
    expect(failure).toHaveLength(1);
    expect(failure[0]!.body).toContain('cannot fetch centos/python-pip@c9s-stream-2: the repository or the branch does not exist');
    expect(failure[0]!.body).toContain('next: check upstream and upstream_branches in .distsync/openpatch.yaml');
    expect(fake.problems).toEqual([]);
  });
});
