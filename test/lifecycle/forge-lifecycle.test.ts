import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_CHECK_NAME } from '../../src/app/app-deps.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { SOURCE, editSettings, pushAndOpenPr, startLifecycle, type Lifecycle } from './lifecycle-harness.js';
import { allRefs, assertInSync } from './invariants.js';
import { serveHandlers, type Served } from '../helpers/serve-handlers.js';
import { forgejoDist, gitlabDist, HOSTS_FILE, type DistFake } from './forge-dist-fakes.js';

/**
 * The real App (Probot handlers, jobs, worker, engine) with source-git on a fake GitHub and
 * dist-git on a stateful fake Forgejo (Fedora: PRs from branches) or GitLab (CentOS Stream:
 * subgroups, MRs from the bot's fork), both serving real git: PR → dist-git PR/MR with the
 * patches → `/distsync merge` (dist-git first, head checked) → the next PR on top → close →
 * a release proposed downstream, its dist-git PR/MR merged by a person on the forge (the forge's
 * signed webhook to the App's real HTTP endpoint publishes the source-git rebase).
 */
describe.each([
  ['Forgejo', forgejoDist],
  ['GitLab', gitlabDist],
] as const)('lz4 through the App with dist-git on %s', (_kind, makeDist) => {
  let lc: Lifecycle;
  let dist: DistFake;
  let work: string;
  let served: Served;
  const alice = () => lc.fake.as('alice');
  const branchOf = (pr: number) => `distsync/sg-lz4-${pr}`;
  const distPr = (pr: number) => {
    const p = dist.pull(branchOf(pr));
    if (!p) throw new Error(`no dist-git PR for source-git PR ${pr}`);
    return p;
  };
  const sourcePull = (pr: number) => lc.fake.state.pulls.find((x) => x.repo === SOURCE && x.number === pr)!;

  beforeAll(async () => {
    const dir = tempDir(`forge-lifecycle-${_kind}`);
    dist = await makeDist(dir);
    lc = await startLifecycle(dir, { dist_git: { repo: dist.repoName, branches: { main: ['rawhide'] } } }, dist.setup);
    work = join(lc.dir, 'alice-work');
    await alice().git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, work);
    // The App's HTTP handlers on a real server; dist-git's webhook points at its /forge-webhooks/<host>.
    served = await serveHandlers(lc.handlers);
    dist.addWebhook(`${served.base}/forge-webhooks/${encodeURIComponent(dist.host)}`);
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    await dist?.close();
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  /** Deliver and run until nothing is due; a job left waiting to retry (a transient error) fails the step with its error instead of silently holding the package's queue. */
  async function settle(): Promise<void> {
    await lc.settle();
    const waiting = (await lc.store.listJobs({ state: 'queued' })).filter((j) => j.attempts > 0);
    expect(waiting.map((j) => `${j.kind} attempt ${j.attempts}: ${j.lastError}`), 'jobs waiting to retry').toEqual([]);
  }

  async function openPr(branch: string, commits: [string, string, string][]): Promise<number> {
    const pr = await pushAndOpenPr(lc, work, branch, commits);
    await settle();
    return pr;
  }

  /** The latest `distsync / dist-git` check on the source-git PR head. */
  function syncCheck(pr: number) {
    const runs = lc.fake.state.checkRuns.filter((c) => c.repo === SOURCE && c.headSha === sourcePull(pr).headSha && c.name === SYNC_CHECK_NAME);
    return runs[runs.length - 1];
  }

  async function command(pr: number, body: string): Promise<string> {
    alice().comment(SOURCE, pr, body);
    await settle();
    const replies = lc.fake.state.comments.filter((c) => c.repo === SOURCE && c.issue === pr && c.user.login === lc.fake.botLogin);
    return replies[replies.length - 1]?.body ?? '';
  }

  /** *.patch files at a commit of the dist-git repo (`rawhide`) or of where the App pushes (a PR head). */
  const patchesAt = (sha: string, dir = lc.distDir) => git(dir, 'ls-tree', '--name-only', '-r', sha, 'SOURCES/').split('\n').filter((f) => f.endsWith('.patch'));

  it('a source-git PR opens one dist-git PR/MR with its patch, named in a green check', async () => {
    const before = patchesAt('rawhide');
    const pr = await openPr('fix-1', [['NEWS', '\nfix one\n', 'NEWS: fix one']]);
    const d = distPr(pr);
    expect(d.state).toBe('open');
    expect([syncCheck(pr)?.conclusion, syncCheck(pr)?.title]).toEqual(['success', `Synced into ${dist.repoName}#${d.number}`]);
    const added = patchesAt(d.headSha, dist.headDir()).filter((f) => !before.includes(f));
    expect(added.length).toBe(1);
    expect(git(dist.headDir(), 'show', `${d.headSha}:${added[0]}`)).toContain('+fix one');
    expect(git(dist.headDir(), 'show', `${d.headSha}:SPECS/lz4.spec`)).toContain(added[0]!.split('/').pop());
    // git went over HTTPS with the forge token in a header (the fake refuses git without it); it is nowhere else.
    const token = Object.values(lc.deps.forgeHosts!.tokens)[0]!;
    const mirror = readFileSync(join(lc.deps.workspace.cacheDir, 'mirrors', `${dist.repoName}.git`, 'config'), 'utf8');
    expect([mirror, JSON.stringify(lc.fake.state.checkRuns), ...lc.log.lines].filter((t) => t.includes(token))).toEqual([]);
    await assertInSync(lc, 'PR1 opened');
  });

  it('/distsync merge refuses while the dist-git head moved (nothing merged), then merges dist-git first and source-git after a resync', async () => {
    const pr = 1;
    const moved = dist.moveHead(branchOf(pr));
    expect(await command(pr, '/distsync merge')).toMatch(/^The head of .+ moved .*Nothing was merged/);
    expect([distPr(pr).state, sourcePull(pr).merged]).toEqual(['open', false]);
    expect(await command(pr, '/distsync sync')).toMatch(/^Sync of [0-9a-f]{12} queued/);
    expect(distPr(pr).headSha).not.toBe(moved);
    dist.ci(distPr(pr).headSha, 'success');
    expect(await command(pr, '/distsync merge')).toBe(`Merged ${dist.repoName}#${distPr(pr).number}, then this pull request.`);
    expect([distPr(pr).state, sourcePull(pr).merged]).toEqual(['merged', true]);
    // Forgejo: the sync commit rebased onto rawhide; GitLab: under its merge commit.
    expect(git(lc.distDir, 'log', '-1', '--no-merges', '--format=%B', 'rawhide')).toMatch(/From-source-git-commit: [0-9a-f]{40}/);
    const subject = (args: string[]) => git(lc.distDir, 'log', '-1', ...args, '--format=%s', 'rawhide').trim();
    expect(subject([])).toBe(dist.kind === 'GitLab' ? `Merge branch '${branchOf(pr)}' into 'rawhide'` : subject(['--no-merges']));
    await assertInSync(lc, 'PR1 merged');
  });

  it('the next PR syncs cleanly on top of the merge (no "commits made outside source-git")', async () => {
    const pr = await openPr('fix-2', [['README.md', '\ntwo\n', 'README: two']]);
    expect([syncCheck(pr)?.conclusion, syncCheck(pr)?.summary]).toEqual(['success', expect.not.stringMatching(/outside source-git/)]);
    const rawhide = git(lc.distDir, 'rev-parse', 'rawhide').trim();
    expect(git(dist.headDir(), 'merge-base', '--is-ancestor', rawhide, distPr(pr).headSha) === '').toBe(true);
    await assertInSync(lc, 'PR2 opened');
  });

  it('/distsync retest re-runs dist-git CI the way the forge allows', async () => {
    const d = distPr(2);
    dist.ci(d.headSha, 'failed');
    const reply = await command(2, '/distsync retest');
    if (dist.kind === 'GitLab') {
      expect(reply).toBe(`Re-ran the failed CI of ${dist.repoName}#${d.number} (GitLab).`);
      expect(dist.retried(d.headSha)).toBe(1);
    } else {
      expect(reply).toBe('Forgejo has no API to re-run CI: set `retest_comment` in .distro/distsync.yaml to the comment your dist-git CI re-runs on (like `/retest`).');
    }
    expect(await command(2, '/distsync status')).toContain(`rpm-build: failure`);
  });

  it('a source-git PR closed unmerged closes its dist-git PR/MR and deletes the branch', async () => {
    const d = distPr(2);
    lc.fake.as('alice').close(SOURCE, 2);
    await settle();
    expect(dist.pull(branchOf(2))).toMatchObject({ number: d.number, state: 'closed' });
    expect(dist.headBranchExists(branchOf(2))).toBe(false);
    await assertInSync(lc, 'PR2 closed');
  });

  it('a release: propose-downstream pushes to the dist-git host and opens its PR/MR there', async () => {
    lc.fake.as('bob').release(SOURCE, 'v1.9.4');
    await settle();
    const d = dist.pull('propose-downstream/rawhide/1.9.4');
    expect([d?.state, d?.title]).toEqual(['open', '[distsync] Update to 1.9.4 (rawhide)']);
    expect(git(dist.headDir(), 'show', `${d!.headSha}:SPECS/lz4.spec`)).toMatch(/^Version:\s+1\.9\.4$/m);
    expect(lc.fake.state.pulls.filter((p) => p.repo === SOURCE && p.headRef === 'propose-downstream/1.9.4').map((p) => p.state)).toEqual(['open']);
    expect(lc.forgeProblems()).toEqual([]);
  });

  it('bob merges the dist-git "Update to 1.9.4" PR/MR on the forge: its webhook makes the App publish the source-git rebase and close its PR; a redelivery does nothing more', async () => {
    const d = dist.pull('propose-downstream/rawhide/1.9.4')!;
    const sg = lc.fake.state.pulls.find((p) => p.repo === SOURCE && p.headRef === 'propose-downstream/1.9.4')!;
    const sgDir = lc.fake.state.repos.get(SOURCE)!.dir;
    const main = () => git(sgDir, 'rev-parse', 'main').trim();
    const old = main();
    const replies = () => lc.fake.state.comments.filter((c) => c.repo === SOURCE && c.issue === sg.number && c.user.login === lc.fake.botLogin).map((c) => c.body);
    const jobs = async () => (await lc.store.listJobs({ state: 'done' })).filter((j) => j.kind === 'proposal-dist-merged').length;
    const sent = dist.hooks.delivered.length;
    const ranBefore = await jobs();

    dist.mergeAsBob(d.number);
    await settle();
    // The forge's own deliveries, accepted by the App's endpoint (signature/token checked).
    const pullEvent = dist.kind === 'GitLab' ? 'Merge Request Hook' : 'pull_request';
    const pushEvent = dist.kind === 'GitLab' ? 'Push Hook' : 'push';
    const hooks = dist.hooks.delivered.slice(sent);
    expect(hooks.map((h) => [h.event, h.status])).toEqual([[pullEvent, 200], [pushEvent, 200]]);
    expect(dist.pull('propose-downstream/rawhide/1.9.4')?.state).toBe('merged');
    expect(git(lc.distDir, 'show', 'rawhide:SPECS/lz4.spec')).toMatch(/^Version:\s+1\.9\.4$/m);
    // Source-git main is the rebase: the proposal's head, on top of upstream v1.9.4, the spec at 1.9.4.
    expect([main(), sg.state, sg.merged]).toEqual([sg.headSha, 'closed', false]);
    expect(git(sgDir, 'show', 'main:.distro/lz4.spec')).toMatch(/^Version:\s+1\.9\.4$/m);
    expect(git(sgDir, 'show', 'main:.distro/source-git.yaml')).toMatch(/^upstream_ref: v1\.9\.4$/m);
    expect(git(sgDir, 'merge-base', '--is-ancestor', 'v1.9.4', 'main')).toBe('');
    expect(await jobs()).toBe(ranBefore + 1);
    expect(replies()).toEqual([expect.stringMatching(new RegExp(`^${dist.repoName.replace(/[.]/g, '\\.')}#${d.number} was merged already, then published this rebase: \`main\` is now ${sg.headSha.slice(0, 12)}, the head of this pull request \\(it was ${old.slice(0, 12)}\\)`))]);
    // Nothing carried back from bob's merge commit on rawhide, nothing else opened.
    expect(lc.fake.state.pulls.filter((p) => p.state === 'open').map((p) => `${p.repo}#${p.number} ${p.headRef}`)).toEqual([]);
    expect(lc.forgeProblems()).toEqual([]);
    await assertInSync(lc, 'dist-git "Update to" merged by bob on the forge');

    // The forge redelivers the merge event (a new delivery id): the job runs again and changes nothing.
    const refs = allRefs(lc);
    const comments = lc.fake.state.comments.length;
    const again = await dist.hooks.redeliver(hooks[0]!);
    expect([again.status, again.id === hooks[0]!.id]).toEqual([200, false]);
    await settle();
    expect(await jobs()).toBe(ranBefore + 2);
    expect([allRefs(lc), lc.fake.state.comments.length, main()]).toEqual([refs, comments, sg.headSha]);
    await assertInSync(lc, 'the merge event redelivered');
  });

  it("a packager's direct dist-git commit is carried back by `/distsync sync-back` into one source-git PR", async () => {
    const text = git(lc.distDir, 'show', 'rawhide:SPECS/lz4.spec');
    const release = Number(/^Release:\s+(\d+)/m.exec(text)![1]);
    const bumped = text.replace(/^(Release:\s+)\d+/m, `$1${release + 1}`).replace(/^%changelog\n/m, `%changelog\n* Thu Dec 03 2026 Bob <bob@example.org> - 1.9.3-${release + 1}\n- Rebuilt for the new toolchain\n\n`);
    dist.commitOnRawhide({ 'SPECS/lz4.spec': bumped });
    const onPr = lc.fake.state.pulls.find((p) => p.repo === SOURCE && p.headRef === 'propose-downstream/1.9.4')!.number;
    expect(await command(onPr, '/distsync sync-back')).toMatch(/^Carrying .+ rawhide commits back/);
    const carry = lc.fake.state.pulls.filter((p) => p.repo === SOURCE && p.headRef === 'distsync/from-dist-git-rawhide');
    expect(carry.map((p) => [p.state, p.user.login])).toEqual([['open', lc.fake.botLogin]]);
    expect(git(lc.fake.state.repos.get(SOURCE)!.dir, 'show', `${carry[0]!.headSha}:.distro/lz4.spec`)).toContain('- Rebuilt for the new toolchain');
    expect(lc.forgeProblems()).toEqual([]);
  });

  it('a dist_git.repo on a host the hosts file does not list fails the check naming the file and what to add', async () => {
    const bobSg = join(lc.dir, 'bob-sg');
    await lc.fake.as('bob').git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, bobSg);
    editSettings(bobSg, (doc) => ({ ...doc, dist_git: { ...doc['dist_git'], repo: 'pkgs.example.org/rpms/lz4' } }));
    await lc.fake.as('bob').git(bobSg, 'commit', '-q', '-am', 'distsync: dist-git moves');
    await lc.fake.as('bob').git(bobSg, 'push', '-q', 'origin', 'main');
    await settle();
    const pr = await openPr('fix-3', [['NEWS', '\nthree\n', 'NEWS: three']]);
    const check = syncCheck(pr);
    expect(check?.conclusion).toBe('failure');
    expect(check?.summary).toContain(`dist_git.repo names the host pkgs.example.org, which the App's hosts file ${HOSTS_FILE} does not list`);
    expect(check?.summary).toContain(`add { host: pkgs.example.org, kind: forgejo or gitlab, bot_user: <the token's user> } under hosts: in ${HOSTS_FILE}`);
  });
}, 300_000);
