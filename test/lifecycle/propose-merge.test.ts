import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { DIST, SOURCE, startLifecycle, type Lifecycle } from './lifecycle-harness.js';
import { assertInSync } from './invariants.js';

/**
 * propose-downstream's "Update to 1.9.4" source-git PR (the downstream commits rebased onto the
 * new tag) published through `/distsync merge` by the real App on the fake GitHub: refused while
 * main moved since the proposal, refused by branch protection (dist-git merged, main left, the
 * comment says what to do), then published with a lease and the PR closed.
 */
describe('lz4 1.9.3 → 1.9.4: /distsync merge on the "Update to" PR', { timeout: 300_000 }, () => {
  let lc: Lifecycle;
  let bobSg: string;
  const bob = () => lc.fake.as('bob');
  const sgDir = () => lc.fake.state.repos.get(SOURCE)!.dir;
  const main = () => git(sgDir(), 'rev-parse', 'main').trim();

  beforeAll(async () => {
    lc = await startLifecycle(tempDir('propose-merge'));
    bobSg = join(lc.dir, 'bob-sg');
    await bob().git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, bobSg);
    bob().release(SOURCE, 'v1.9.4');
    await lc.settle();
  }, 120_000);
  afterAll(async () => {
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  const proposal = () => {
    const sg = lc.fake.state.pulls.find((p) => p.repo === SOURCE && p.headRef === 'propose-downstream/1.9.4')!;
    const dg = lc.fake.state.pulls.find((p) => p.repo === DIST && p.headRef === 'propose-downstream/rawhide/1.9.4')!;
    return { sg, dg };
  };

  async function command(pr: number, body: string): Promise<string> {
    bob().comment(SOURCE, pr, body);
    await lc.settle();
    const replies = lc.fake.state.comments.filter((c) => c.repo === SOURCE && c.issue === pr && c.user.login === lc.fake.botLogin);
    return replies[replies.length - 1]?.body ?? '';
  }

  async function ciGreen(sha: string): Promise<void> {
    lc.fake.as('ci[bot]').checkRun(DIST, sha, 'rpm-build', 'success');
    await lc.settle();
  }

  it('no merge button can merge it: the rebase conflicts with main by construction (both add .distro/)', () => {
    const { sg } = proposal();
    for (const method of ['merge', 'squash', 'rebase'] as const) expect(() => bob().merge(SOURCE, sg.number, method), method).toThrow(/not mergeable/);
    expect(sg.state).toBe('open');
  });

  it('main moved since the proposal: nothing is merged; proposing again rebases the new commit too', async () => {
    const before = proposal();
    appendFileSync(join(bobSg, 'NEWS'), '\ndownstream note\n');
    await bob().git(bobSg, 'commit', '-q', '-am', 'NEWS: downstream note');
    await bob().git(bobSg, 'push', '-q', 'origin', 'main');
    await lc.settle();
    await ciGreen(before.dg.headSha);
    const moved = main();
    expect(await command(before.sg.number, '/distsync merge')).toMatch(/^`main` moved since this rebase was proposed \(\w{12} → \w{12}\): publishing it would drop those commits\. Comment `\/distsync propose-downstream --version 1\.9\.4` to rebase them too, then `\/distsync merge` again\. Nothing was merged\.$/);
    expect([main(), before.dg.state, before.sg.state]).toEqual([moved, 'open', 'open']);

    await command(before.sg.number, '/distsync propose-downstream --version 1.9.4');
    const after = proposal();
    expect([after.sg.number, after.dg.number]).toEqual([before.sg.number, before.dg.number]);
    expect(git(sgDir(), 'log', '--format=%s', `v1.9.4..${after.sg.headSha}`)).toContain('NEWS: downstream note');
  });

  it('a protected main: dist-git is merged, main is left, the comment names the fix; /distsync merge again publishes and closes', async () => {
    const { sg, dg } = proposal();
    await ciGreen(dg.headSha);
    const old = main();
    lc.fake.protectBranch(SOURCE, 'main');
    const refused = await command(sg.number, '/distsync merge');
    expect(refused).toMatch(new RegExp(`^Merged ${DIST}#${dg.number}, but GitHub refused to move \`main\` to this pull request's head \\(.*GH006: Protected branch update failed for refs/heads/main.*\\)\\. Let the distsync App force-push to \`main\``));
    expect(refused).toContain(`\`git push --force-with-lease=main:${old} origin ${sg.headSha}:main\``);
    expect([main(), sg.state, dg.merged]).toEqual([old, 'open', true]);

    lc.fake.protectBranch(SOURCE, 'main', false);
    expect(await command(sg.number, '/distsync merge')).toMatch(new RegExp(`^${DIST}#${dg.number} was merged already, then published this rebase: \`main\` is now ${sg.headSha.slice(0, 12)}`));
    expect([main(), sg.state, sg.merged]).toEqual([sg.headSha, 'closed', false]);
    expect(git(sgDir(), 'show', 'main:.distro/source-git.yaml')).toMatch(/^upstream_ref: v1\.9\.4$/m);
    await assertInSync(lc, 'published');
  });
});
