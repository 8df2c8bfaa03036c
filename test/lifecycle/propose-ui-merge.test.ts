import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { SYNC_CHECK_NAME } from '../../src/app/app-deps.js';
import { DIST, SOURCE, pushAndOpenPr, startLifecycle, type Lifecycle } from './lifecycle-harness.js';
import { assertDistGitMatches, assertInSync } from './invariants.js';

/**
 * propose-downstream's "Update to 1.9.4" PR merged by a person in the UI instead of `/distsync
 * merge`. As proposed it conflicts with main (every button refuses, see propose-merge.test.ts);
 * a person who resolves the conflicts keeping the rebase ("Merge main into the branch") makes it
 * mergeable. Then a merge commit keeps the rebase (source-git is read from it as the rebase), a
 * rebase merge still conflicts, and a squash loses upstream_ref from main's history: every sync
 * refuses with the fix until the rebase itself is put on main.
 */
async function start(name: string): Promise<{ lc: Lifecycle; bobSg: string; aliceSg: string }> {
  const lc = await startLifecycle(tempDir(name));
  const bobSg = join(lc.dir, 'bob-sg');
  const aliceSg = join(lc.dir, 'alice-sg');
  await lc.fake.as('bob').git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, bobSg);
  await lc.fake.as('alice').git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, aliceSg);
  lc.fake.as('bob').release(SOURCE, 'v1.9.4');
  await lc.settle();
  return { lc, bobSg, aliceSg };
}

function proposal(lc: Lifecycle) {
  const sg = lc.fake.state.pulls.find((p) => p.repo === SOURCE && p.headRef === 'propose-downstream/1.9.4')!;
  const dg = lc.fake.state.pulls.find((p) => p.repo === DIST && p.headRef === 'propose-downstream/rawhide/1.9.4')!;
  return { sg, dg };
}

/** What GitHub's "Resolve conflicts" does when the person keeps the pull request's side everywhere: main merged into the head branch. */
async function resolveKeepingTheRebase(lc: Lifecycle, bobSg: string): Promise<void> {
  const bob = lc.fake.as('bob');
  await bob.git(bobSg, 'fetch', '-q', 'origin');
  await bob.git(bobSg, 'checkout', '-q', '-B', 'pd', 'origin/propose-downstream/1.9.4');
  await bob.git(bobSg, 'merge', '-q', '-s', 'ours', 'origin/main', '-m', "Merge branch 'main' into propose-downstream/1.9.4");
  await bob.git(bobSg, 'push', '-q', 'origin', 'pd:propose-downstream/1.9.4');
  await lc.settle();
}

async function mergeDistGit(lc: Lifecycle): Promise<void> {
  const { dg } = proposal(lc);
  lc.fake.as('ci[bot]').checkRun(DIST, dg.headSha, 'rpm-build', 'success');
  await lc.settle();
  lc.fake.as('bob').merge(DIST, dg.number, 'merge');
  await lc.settle();
}

const tree = (lc: Lifecycle, rev: string) => git(lc.fake.state.repos.get(SOURCE)!.dir, 'rev-parse', `${rev}^{tree}`).trim();
const onMain = (lc: Lifecycle, rev: string) => {
  const dir = lc.fake.state.repos.get(SOURCE)!.dir;
  return git(dir, 'merge-base', 'main', rev).trim() === git(dir, 'rev-parse', `${rev}^{commit}`).trim();
};

describe('the "Update to" PR resolved and merged with a merge commit', { timeout: 300_000 }, () => {
  let c: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    c = await start('pd-ui-merge');
  }, 180_000);
  afterAll(async () => {
    await c?.lc.close();
    if (c) removeDirs(c.lc.dir);
  });

  it('a rebase merge still conflicts; the merge commit keeps the rebase, and merging the dist-git PR leaves both in sync', async () => {
    const { lc } = c;
    const proposed = proposal(lc).sg.headSha;
    await resolveKeepingTheRebase(lc, c.bobSg);
    const { sg } = proposal(lc);
    expect(sg.headSha).not.toBe(proposed);
    expect(() => lc.fake.as('bob').merge(SOURCE, sg.number, 'rebase')).toThrow(/not mergeable/);
    lc.fake.as('bob').merge(SOURCE, sg.number, 'merge');
    await lc.settle();
    expect([tree(lc, 'main'), onMain(lc, 'v1.9.4'), onMain(lc, proposed)]).toEqual([tree(lc, proposed), true, true]);
    await mergeDistGit(lc);
    expect(git(lc.distDir, 'show', 'rawhide:SPECS/lz4.spec')).toMatch(/^Version:\s+1\.9\.4$/m);
    // nothing to carry back from the person's dist-git merge, no other PR
    expect(lc.fake.state.pulls.filter((p) => p.state === 'open').map((p) => `${p.repo}#${p.number} ${p.headRef}`)).toEqual([]);
    await assertInSync(lc, 'merge commit');
  });
});

describe('the "Update to" PR resolved and squash-merged', { timeout: 300_000 }, () => {
  let c: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    c = await start('pd-ui-squash');
  }, 180_000);
  afterAll(async () => {
    await c?.lc.close();
    if (c) removeDirs(c.lc.dir);
  });

  it("main loses v1.9.4 from its history: the next PR's sync check refuses and names the fix; the fix and the dist-git merge leave both in sync", async () => {
    const { lc } = c;
    await resolveKeepingTheRebase(lc, c.bobSg);
    const { sg } = proposal(lc);
    lc.fake.as('bob').merge(SOURCE, sg.number, 'squash');
    await lc.settle();
    expect([tree(lc, 'main'), onMain(lc, 'v1.9.4')]).toEqual([tree(lc, sg.headSha), false]);

    const pr = await pushAndOpenPr(lc, c.aliceSg, 'after-squash', [['NEWS', '\nafter the squash\n', 'NEWS: after the squash']]);
    await lc.settle();
    const head = lc.fake.state.pulls.find((p) => p.repo === SOURCE && p.number === pr)!.headSha;
    const check = lc.fake.state.checkRuns.filter((r) => r.repo === SOURCE && r.headSha === head && r.name === SYNC_CHECK_NAME).pop();
    expect(check?.conclusion).toBe('failure');
    expect(check?.summary).toMatch(/upstream_ref 'v1\.9\.4' from \.distro\/source-git\.yaml is not in the history of \w{12}: the downstream commits are not on top of it/);
    expect(check?.summary).toMatch(/next: put the proposed rebase on the branch instead: git push --force-with-lease=<branch>:\w{40} origin propose-downstream\/<version>:<branch>/);
    expect(lc.fake.state.pulls.filter((p) => p.repo === DIST && p.headRef === `distsync/sg-lz4-${pr}`)).toEqual([]);

    // The fix the check names: the rebase (here with the person's resolution on top) becomes main.
    const bob = lc.fake.as('bob');
    await bob.git(c.bobSg, 'fetch', '-q', 'origin');
    await bob.git(c.bobSg, 'push', '-q', `--force-with-lease=main:${git(lc.fake.state.repos.get(SOURCE)!.dir, 'rev-parse', 'main').trim()}`, 'origin', 'origin/propose-downstream/1.9.4:refs/heads/main');
    await lc.settle();
    expect(onMain(lc, 'v1.9.4')).toBe(true);
    await mergeDistGit(lc);
    await assertDistGitMatches(lc, 'squash, then the rebase put on main');
    // the one failure: the refused sync of alice's PR (based on the squash)
    expect((await lc.store.listJobs({ state: 'failed' })).map((j) => `${j.kind}: ${j.lastError}`)).toEqual([expect.stringMatching(/^sync-pr: upstream_ref 'v1\.9\.4' from \.distro\/source-git\.yaml is not in the history of/)]);
  });
});

describe('the dist-git "Update to" PR merged by a person first', { timeout: 300_000 }, () => {
  let c: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    c = await start('pd-ui-dist-first');
  }, 180_000);
  afterAll(async () => {
    await c?.lc.close();
    if (c) removeDirs(c.lc.dir);
  });

  it('the App publishes the source-git rebase (as /distsync merge would) and closes its PR; nothing is carried back', async () => {
    const { lc } = c;
    const { sg, dg } = proposal(lc);
    const old = git(lc.fake.state.repos.get(SOURCE)!.dir, 'rev-parse', 'main').trim();
    await mergeDistGit(lc);
    expect([git(lc.fake.state.repos.get(SOURCE)!.dir, 'rev-parse', 'main').trim(), sg.state, dg.merged]).toEqual([sg.headSha, 'closed', true]);
    const replies = lc.fake.state.comments.filter((x) => x.repo === SOURCE && x.issue === sg.number && x.user.login === lc.fake.botLogin).map((x) => x.body);
    expect(replies).toEqual([expect.stringMatching(new RegExp(`^${DIST}#${dg.number} was merged already, then published this rebase: \`main\` is now ${sg.headSha.slice(0, 12)}, the head of this pull request \\(it was ${old.slice(0, 12)}\\)`))]);
    expect(lc.fake.state.pulls.filter((p) => p.state === 'open').map((p) => `${p.repo}#${p.number} ${p.headRef}`)).toEqual([]);
    await assertInSync(lc, 'dist-git first');
  });
});
