import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { DIST, SOURCE, startLifecycle, type Lifecycle } from '../lifecycle/lifecycle-harness.js';
import { allRefs } from '../lifecycle/invariants.js';

/** The App on the fake GitHub: it knows its own PRs and pushes, ignores stale events, pushes only changes, merges by the configured method. */
describe('the App recognises its own work (real App, fake GitHub, lz4)', { timeout: 180_000 }, () => {
  let lc: Lifecycle;
  let work: string;
  beforeAll(async () => {
    lc = await startLifecycle(tempDir('own-work'), { merge_method: { source_git: 'squash', dist_git: 'merge' } });
    work = join(lc.dir, 'work');
    const alice = lc.fake.as('alice');
    await alice.git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, work);
    await alice.git(work, 'checkout', '-q', '-b', 'fix-1');
    appendFileSync(join(work, 'NEWS'), '\nfix one\n');
    await alice.git(work, 'commit', '-q', '-am', 'NEWS: fix one');
    await alice.git(work, 'push', '-q', 'origin', 'fix-1');
    alice.openPull(SOURCE, { title: 'Fix one', head: 'fix-1', base: 'main' });
    await lc.settle();
  }, 120_000);
  afterAll(async () => {
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  it('its own dist-git PR is not synced as a source-git PR; a redelivered event pushes nothing and opens nothing', async () => {
    expect(lc.fake.state.pulls.map((p) => [p.repo, p.number, p.user.login])).toEqual([[SOURCE, 1, 'alice'], [DIST, 1, lc.fake.botLogin]]);
    expect((await lc.store.listJobs()).map((j) => [j.kind, (j.payload as { sourceRepo: string }).sourceRepo])).toEqual([['sync-pr', SOURCE]]);
    const refs = allRefs(lc);
    const checks = lc.fake.state.checkRuns.length;
    for (const d of [...lc.fake.webhooks.delivered]) await lc.fake.redeliver(d, lc.receiver);
    await lc.settle();
    expect(allRefs(lc)).toBe(refs);
    expect(lc.fake.state.pulls.length).toBe(2);
    // The redelivered opened event re-ran the sync (the PR is still open at that head): a new check, the same dist-git commit.
    expect(lc.fake.state.checkRuns.length).toBe(checks + 1);
    expect(lc.fake.state.checkRuns.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('/distsync merge uses the configured method per side; events about the merged PR do nothing', async () => {
    const opened = lc.fake.webhooks.delivered.find((d) => d.name === 'pull_request' && d.payload['action'] === 'opened' && d.payload['repository'].full_name === SOURCE)!;
    lc.fake.as('alice').comment(SOURCE, 1, '/distsync merge');
    await lc.settle();
    const repoDir = (r: string) => lc.fake.state.repos.get(r)!.dir;
    expect(git(repoDir(DIST), 'show', '-s', '--format=%P|%s', 'rawhide').trim()).toMatch(/^\w{40} \w{40}\|Merge pull request #1 from acme\/distsync\/sg-lz4-1$/);
    expect(git(repoDir(SOURCE), 'show', '-s', '--format=%P|%s', 'main').trim()).toMatch(/^\w{40}\|NEWS: fix one \(#1\)$/);
    const refs = allRefs(lc);
    const checks = lc.fake.state.checkRuns.length;
    const jobs = (await lc.store.listJobs()).length;
    await lc.fake.redeliver(opened, lc.receiver);
    await lc.settle();
    expect(allRefs(lc)).toBe(refs);
    expect(lc.fake.state.checkRuns.length).toBe(checks);
    expect((await lc.store.listJobs()).slice(jobs).map((j) => [j.kind, j.state])).toEqual([['sync-pr', 'done']]);
    expect(lc.log.lines.some((l) => l.includes('the pull request is merged; nothing to sync'))).toBe(true);
    expect(lc.fake.problems).toEqual([]);
    expect(await lc.store.listJobs({ state: 'failed' })).toEqual([]);
  });
});
