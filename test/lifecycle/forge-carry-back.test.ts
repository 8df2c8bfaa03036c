import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { SOURCE, startLifecycle, type Lifecycle } from './lifecycle-harness.js';
import { assertInSync } from './invariants.js';
import { forgejoDist, gitlabDist, type DistFake } from './forge-dist-fakes.js';
import { serveHandlers, type Served } from '../helpers/serve-handlers.js';

const FIXTURES = new URL('../../fixtures/forge-webhooks/', import.meta.url);
const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

/**
 * A packager's commit pushed straight to dist-git on Forgejo / GitLab comes back to source-git
 * through the host's signed push webhook, end to end: the delivery posted to the App's
 * /forge-webhooks/<host>, the sync-back job fetching dist-git from the host with its token, the
 * engine's update-source-git, and the carry-back PR on the (fake) GitHub, merged by a person.
 */
describe.each([
  ['Forgejo', forgejoDist],
  ['GitLab', gitlabDist],
] as const)('a hand commit on dist-git on %s, announced by its push webhook', (kind, makeDist) => {
  let lc: Lifecycle;
  let dist: DistFake;
  let served: Served | undefined;
  let base: string;

  beforeAll(async () => {
    const dir = tempDir(`forge-carry-back-${kind}`);
    dist = await makeDist(dir);
    lc = await startLifecycle(dir, { dist_git: { repo: dist.repoName, branches: { main: ['rawhide'] } } }, dist.setup);
    served = await serveHandlers(lc.handlers);
    base = served.base;
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    await dist?.close();
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  /** The host's delivery of a push by `sender`, signed as that forge signs it (our payloads of fixtures/forge-webhooks/, pointed at this push). */
  function pushDelivery(before: string, after: string, sender: string): { headers: Record<string, string>; body: string } {
    const host = lc.deps.forgeHosts!.hosts[0]!;
    const secret = lc.deps.forgeHosts!.secrets![host.host]!;
    const path = dist.repoName.slice(host.host.length + 1);
    if (kind === 'GitLab') {
      const p: Record<string, any> = { ...fixture('gitlab-push-hook.json'), ref: 'refs/heads/rawhide', before, after, user_username: sender };
      p['project'] = { ...p['project'], path_with_namespace: path };
      return { headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': secret, 'idempotency-key': randomUUID() }, body: JSON.stringify(p) };
    }
    const p: Record<string, any> = { ...fixture('forgejo-push.json'), ref: 'refs/heads/rawhide', before, after };
    p['repository'] = { ...p['repository'], full_name: path };
    p['sender'] = { ...p['sender'], login: sender };
    const body = JSON.stringify(p);
    return { headers: { 'x-forgejo-event': 'push', 'x-forgejo-delivery': randomUUID(), 'x-forgejo-signature': createHmac('sha256', secret).update(body).digest('hex') }, body };
  }

  it("bob's Release bump on rawhide is carried back by the App's source-git PR; merged, source-git has it and the two stay in sync", async () => {
    // The App learns which source-git branch feeds rawhide on each sync; this package's first one is long ago.
    await lc.store.savePackageRoute({ sourceRepo: SOURCE, sourceBranch: 'main', distRepo: dist.repoName, distBranch: 'rawhide', installationId: lc.fake.installationId });
    // bob commits to dist-git rawhide on the host (straight into its repository, as a push would)
    const bobDg = join(lc.dir, 'bob-dg');
    git(lc.dir, 'clone', '-q', '-b', 'rawhide', lc.distDir, bobDg);
    const spec = join(bobDg, 'SPECS/lz4.spec');
    const text = readFileSync(spec, 'utf8');
    const release = Number(/^Release:\s+(\d+)/m.exec(text)![1]);
    writeFileSync(spec, text.replace(/^(Release:\s+)\d+/m, `$1${release + 1}`).replace(/^%changelog\n/m, `%changelog\n* Thu Dec 03 2026 Bob <bob@example.org> - 1.9.3-${release + 1}\n- Rebuilt for the new toolchain\n\n`));
    git(bobDg, '-c', 'user.name=Bob', '-c', 'user.email=bob@example.org', 'commit', '-q', '-am', 'Rebuild for the new toolchain');
    const before = git(bobDg, 'rev-parse', 'origin/rawhide').trim();
    git(bobDg, 'push', '-q', 'origin', 'rawhide');
    const after = git(bobDg, 'rev-parse', 'HEAD').trim();

    const host = lc.deps.forgeHosts!.hosts[0]!.host;
    const d = pushDelivery(before, after, 'bob');
    const res = await fetch(`${base}/forge-webhooks/${host}`, { method: 'POST', headers: { 'content-type': 'application/json', ...d.headers }, body: d.body });
    expect([res.status, await res.json()]).toEqual([200, { status: 'accepted', jobs: 1 }]);
    await lc.settle();
    const carry = lc.fake.state.pulls.filter((p) => p.repo === SOURCE && p.headRef === 'distsync/from-dist-git-rawhide');
    expect(carry.map((p) => [p.state, p.user.login, p.title])).toEqual([['open', lc.fake.botLogin, `[distsync] Carry back ${dist.repoName} rawhide commits`]]);
    lc.fake.as('alice').merge(SOURCE, carry[0]!.number, 'merge');
    await lc.settle();
    expect(git(lc.fake.state.repos.get(SOURCE)!.dir, 'show', 'main:.distro/lz4.spec')).toContain('- Rebuilt for the new toolchain');
    expect((await lc.store.listJobs()).map((j) => [j.kind, j.state])).toContainEqual(['sync-back', 'done']);
    await assertInSync(lc, 'carry-back from the host');
  });
}, 300_000);

/** A host without a webhook secret: the App's sync into a dist-git PR there starts that PR's CI poll (the poll itself: test/app/dist-ci-webhooks.test.ts). */
describe('a sync into a PR on a Forgejo host without a webhook secret', () => {
  let lc: Lifecycle;
  let dist: DistFake;

  beforeAll(async () => {
    const dir = tempDir('forge-poll-start');
    dist = await forgejoDist(dir);
    const noSecret = (distGit: string) => {
      const e = dist.setup(distGit);
      return { ...e, forgeHosts: { ...e.forgeHosts, secrets: {} } };
    };
    lc = await startLifecycle(dir, { dist_git: { repo: dist.repoName, branches: { main: ['rawhide'] } } }, noSecret);
  }, 120_000);
  afterAll(async () => {
    await dist?.close();
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  it('queues the first poll of the new dist-git PR 30 s later, on a queue key of its own', async () => {
    const work = join(lc.dir, 'alice-work');
    const alice = lc.fake.as('alice');
    await alice.git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, work);
    await alice.git(work, 'checkout', '-q', '-b', 'fix-1');
    writeFileSync(join(work, 'NEWS'), `${readFileSync(join(work, 'NEWS'), 'utf8')}\nfix one\n`);
    await alice.git(work, 'commit', '-q', '-am', 'NEWS: fix one');
    await alice.git(work, 'push', '-q', 'origin', 'fix-1');
    const t0 = Date.now();
    const pr = alice.openPull(SOURCE, { title: 'PR fix-1', head: 'fix-1', base: 'main' }).number;
    await lc.settle();
    expect(dist.pull('distsync/sg-lz4-1')?.state).toBe('open');
    const polls = (await lc.store.listJobs({ state: 'queued' })).filter((j) => j.kind === 'poll-dist-ci');
    expect(polls.map((j) => [j.queueKey, j.payload])).toEqual([[`poll:${SOURCE}#${pr}`, { installationId: lc.fake.installationId, sourceRepo: SOURCE, sourcePr: pr, intervalMs: 30_000, round: 0 }]]);
    expect(polls[0]!.runAt).toBeGreaterThanOrEqual(t0 + 30_000);
    expect(polls[0]!.runAt).toBeLessThanOrEqual(Date.now() + 30_000);
  });
}, 300_000);
