import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeDirs, rpmbuildAvailable, tempDir } from '../helpers/corpus.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { SYNC_CHECK_NAME } from '../../src/app/app-deps.js';
import { DIST, SOURCE, editSettings, pushAndOpenPr, startLifecycle, type Lifecycle } from './lifecycle-harness.js';
import { allRefs, assertInSync, cloneBoth } from './invariants.js';

/**
 * A package's life through the real App (Probot handlers, jobs, worker, engine) on a fake
 * GitHub that remembers: PRs merged every way, a packager's hand edit carried back, a dropped
 * commit, a release, and every event delivered twice.
 */
describe('lz4 through the App on a fake GitHub: PR → merge (every method), carry-back, release, redelivery', { timeout: 240_000 }, () => {
  let lc: Lifecycle;
  let work: string;
  const alice = () => lc.fake.as('alice');
  const bob = () => lc.fake.as('bob');

  beforeAll(async () => {
    lc = await startLifecycle(tempDir('lifecycle'), { merge_method: 'merge' });
    work = join(lc.dir, 'alice-work');
    await alice().git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, work);
  }, 120_000);
  afterAll(async () => {
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  /** alice pushes a branch off main with one commit per [file, text, message] and opens a PR. */
  async function openPr(branch: string, commits: [string, string, string][]): Promise<number> {
    const pr = await pushAndOpenPr(lc, work, branch, commits);
    await lc.settle();
    return pr;
  }

  function distPrOf(sourcePr: number) {
    const p = lc.fake.state.pulls.find((x) => x.repo === DIST && x.headRef === `distsync/sg-lz4-${sourcePr}`);
    if (!p) throw new Error(`no dist-git PR for source-git PR ${sourcePr}`);
    return p;
  }

  /** The latest `distsync / dist-git` check on the source-git PR head: green and naming the dist-git PR. */
  function expectSyncCheck(sourcePr: number): void {
    const head = lc.fake.state.pulls.find((x) => x.repo === SOURCE && x.number === sourcePr)!.headSha;
    const runs = lc.fake.state.checkRuns.filter((c) => c.repo === SOURCE && c.headSha === head && c.name === SYNC_CHECK_NAME);
    const last = runs[runs.length - 1];
    expect(last && [last.status, last.conclusion, last.title]).toEqual(['completed', 'success', `Synced into ${DIST}#${distPrOf(sourcePr).number}`]);
    expect(last!.summary).not.toMatch(/\/tmp\/|cache\/work/);
  }

  /** The dist-git CI (another App) passes on the dist-git PR head; its check is mirrored to source-git. */
  async function ciGreen(sourcePr: number): Promise<void> {
    const dist = distPrOf(sourcePr);
    lc.fake.as('ci[bot]').checkRun(DIST, dist.headSha, 'rpm-build', 'success');
    await lc.settle();
    const head = lc.fake.state.pulls.find((x) => x.repo === SOURCE && x.number === sourcePr)!.headSha;
    expect(lc.fake.state.checkRuns.filter((c) => c.repo === SOURCE && c.headSha === head && c.name === 'dist-git / rpm-build').map((c) => c.conclusion)).toEqual(['success']);
  }

  async function command(pr: number, body: string): Promise<string> {
    alice().comment(SOURCE, pr, body);
    await lc.settle();
    const replies = lc.fake.state.comments.filter((c) => c.repo === SOURCE && c.issue === pr && c.user.login === lc.fake.botLogin);
    return replies[replies.length - 1]?.body ?? '';
  }

  const mergedBy = (repo: string, n: number) => {
    const p = lc.fake.state.pulls.find((x) => x.repo === repo && x.number === n)!;
    return [p.merged, p.mergedBy?.login];
  };
  const parentsOfHead = (repo: string, branch: string) => git(lc.fake.state.repos.get(repo)!.dir, 'show', '-s', '--format=%P', branch).trim().split(' ').length;

  it('PR1 (2 commits) → /distsync merge: merge commits on both sides (merge_method: merge)', async () => {
    const pr = await openPr('fix-1', [['NEWS', '\nfix one\n', 'NEWS: fix one'], ['README.md', '\nextra line\n', 'README: extra line']]);
    expectSyncCheck(pr);
    await ciGreen(pr);
    expect(await command(pr, '/distsync merge')).toBe(`Merged ${DIST}#${distPrOf(pr).number}, then this pull request.`);
    expect(mergedBy(SOURCE, pr)).toEqual([true, lc.fake.botLogin]);
    expect(mergedBy(DIST, distPrOf(pr).number)).toEqual([true, lc.fake.botLogin]);
    expect([parentsOfHead(SOURCE, 'main'), parentsOfHead(DIST, 'rawhide')]).toEqual([2, 2]);
    await assertInSync(lc, 'PR1');
  });

  it('PR2 → "Squash and merge" by a person in the UI, source-git first, then dist-git', async () => {
    const pr = await openPr('fix-2', [['NEWS', '\nfix two\n', 'NEWS: fix two'], ['NEWS', '\nfix two, again\n', 'NEWS: fix two again']]);
    expectSyncCheck(pr);
    await ciGreen(pr);
    const synced = distPrOf(pr).headSha;
    alice().merge(SOURCE, pr, 'squash');
    await lc.settle();
    // The App brings the still-open dist-git PR to what the squashed main makes (one patch for the squash commit).
    expect(distPrOf(pr).headSha).not.toBe(synced);
    const patches = git(lc.fake.state.repos.get(DIST)!.dir, 'ls-tree', '--name-only', '-r', distPrOf(pr).headSha, 'SOURCES/').trim().split('\n');
    expect(patches.filter((f) => /fix-two/i.test(f))).toEqual([]);
    bob().merge(DIST, distPrOf(pr).number, 'squash');
    await lc.settle();
    expect([parentsOfHead(SOURCE, 'main'), parentsOfHead(DIST, 'rawhide')]).toEqual([1, 1]);
    expect(lc.fake.state.pulls.filter((p) => p.repo === SOURCE && p.headRef.startsWith('distsync/'))).toEqual([]);
    await assertInSync(lc, 'PR2');
  });

  it('PR3 → rebase merge on both sides (a maintainer sets merge_method: rebase)', async () => {
    await bob().git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, join(lc.dir, 'bob-sg'));
    editSettings(join(lc.dir, 'bob-sg'), (doc) => ({ ...doc, merge_method: 'rebase' }));
    await bob().git(join(lc.dir, 'bob-sg'), 'commit', '-q', '-am', 'distsync: merge by rebase');
    await bob().git(join(lc.dir, 'bob-sg'), 'push', '-q', 'origin', 'main');
    await lc.settle();
    const pr = await openPr('fix-3', [['NEWS', '\nfix three\n', 'NEWS: fix three'], ['README.md', '\nthree\n', 'README: three']]);
    expectSyncCheck(pr);
    await ciGreen(pr);
    expect(await command(pr, '/distsync merge')).toMatch(/^Merged /);
    expect([parentsOfHead(SOURCE, 'main'), parentsOfHead(DIST, 'rawhide')]).toEqual([1, 1]);
    expect(git(lc.fake.state.repos.get(SOURCE)!.dir, 'log', '-2', '--format=%s|%cn', 'main').trim()).toBe('README: three|GitHub\nNEWS: fix three|GitHub');
    await assertInSync(lc, 'PR3');
  });

  it("a packager's direct dist-git commit (Release bump + changelog) is carried back by the App's source-git PR, which is not mirrored again", async () => {
    const bobDg = join(lc.dir, 'bob-dg');
    await bob().git(lc.dir, 'clone', '-q', '-b', 'rawhide', `${lc.fake.url}/${DIST}.git`, bobDg);
    const spec = join(bobDg, 'SPECS/lz4.spec');
    const text = readFileSync(spec, 'utf8');
    const release = Number(/^Release:\s+(\d+)/m.exec(text)![1]);
    writeFileSync(spec, text.replace(/^(Release:\s+)\d+/m, `$1${release + 1}`).replace(/^%changelog\n/m, `%changelog\n* Thu Dec 03 2026 Bob <bob@example.org> - 1.9.3-${release + 1}\n- Rebuilt for the new toolchain\n\n`));
    await bob().git(bobDg, 'commit', '-q', '-am', 'Rebuild for the new toolchain');
    await bob().git(bobDg, 'push', '-q', 'origin', 'rawhide');
    await lc.settle();
    const carry = lc.fake.state.pulls.filter((p) => p.repo === SOURCE && p.headRef === 'distsync/from-dist-git-rawhide');
    expect(carry.map((p) => [p.state, p.user.login])).toEqual([['open', lc.fake.botLogin]]);
    expect(lc.fake.state.pulls.filter((p) => p.repo === DIST && p.state === 'open')).toEqual([]);
    alice().merge(SOURCE, carry[0]!.number, 'merge');
    await lc.settle();
    expect(lc.fake.state.pulls.filter((p) => p.repo === DIST && p.state === 'open')).toEqual([]);
    expect(git(lc.fake.state.repos.get(SOURCE)!.dir, 'show', 'main:.distro/lz4.spec')).toContain('- Rebuilt for the new toolchain');
    await assertInSync(lc, 'carry-back');
  });

  it("PR4 on top keeps the packager's change (default merge methods)", async () => {
    await bob().git(join(lc.dir, 'bob-sg'), 'pull', '-q', '--rebase', 'origin', 'main');
    editSettings(join(lc.dir, 'bob-sg'), ({ merge_method: _dropped, ...doc }) => doc);
    await bob().git(join(lc.dir, 'bob-sg'), 'commit', '-q', '-am', 'distsync: default merge methods');
    await bob().git(join(lc.dir, 'bob-sg'), 'push', '-q', 'origin', 'main');
    await lc.settle();
    const pr = await openPr('fix-4', [['NEWS', '\nfix four\n', 'NEWS: fix four']]);
    expectSyncCheck(pr);
    const spec = git(lc.fake.state.repos.get(DIST)!.dir, 'show', `${distPrOf(pr).headSha}:SPECS/lz4.spec`);
    expect(spec).toContain('- Rebuilt for the new toolchain');
    await ciGreen(pr);
    expect(await command(pr, '/distsync merge')).toMatch(/^Merged /);
    await assertInSync(lc, 'PR4');
  });

  it('a commit dropped from a PR before merging leaves no stale patch file', async () => {
    const pr = await openPr('fix-5', [['NEWS', '\nfix five\n', 'NEWS: fix five'], ['README.md', '\nfive, dropped later\n', 'README: five (to drop)']]);
    expectSyncCheck(pr);
    const withBoth = git(lc.fake.state.repos.get(DIST)!.dir, 'ls-tree', '--name-only', '-r', distPrOf(pr).headSha).split('\n').filter((f) => f.endsWith('.patch'));
    await alice().git(work, 'reset', '-q', '--hard', 'HEAD~1');
    await alice().git(work, 'push', '-q', '-f', 'origin', 'fix-5');
    await lc.settle();
    expectSyncCheck(pr);
    const after = git(lc.fake.state.repos.get(DIST)!.dir, 'ls-tree', '--name-only', '-r', distPrOf(pr).headSha).split('\n').filter((f) => f.endsWith('.patch'));
    expect(after.length).toBe(withBoth.length - 1);
    expect(after.some((f) => /five-to-drop/i.test(f))).toBe(false);
    await ciGreen(pr);
    expect(await command(pr, '/distsync merge')).toMatch(/^Merged /);
    await assertInSync(lc, 'drop');
  });

  it('every event delivered again with a new delivery id: no new PR, nothing pushed', async () => {
    const refs = allRefs(lc);
    const pulls = lc.fake.state.pulls.length;
    const delivered = [...lc.fake.webhooks.delivered];
    for (const d of delivered) await lc.fake.redeliver(d, lc.receiver);
    await lc.settle();
    expect(lc.fake.state.pulls.length).toBe(pulls);
    expect(allRefs(lc)).toBe(refs);
    await assertInSync(lc, 'redelivery');
  });

  it('a release: propose-downstream opens one PR per side; /distsync merge merges dist-git and publishes the rebase on main; rpmbuild -bp verifies', async () => {
    bob().release(SOURCE, 'v1.9.4');
    await lc.settle();
    const sgPr = lc.fake.state.pulls.find((p) => p.repo === SOURCE && p.headRef === 'propose-downstream/1.9.4');
    const dgPr = lc.fake.state.pulls.find((p) => p.repo === DIST && p.headRef === 'propose-downstream/rawhide/1.9.4');
    expect([sgPr?.title, sgPr?.user.login, dgPr?.title]).toEqual(['[distsync] Update to 1.9.4', lc.fake.botLogin, '[distsync] Update to 1.9.4 (rawhide)']);
    expect(lc.fake.state.pulls.filter((p) => p.repo === DIST && p.state === 'open').map((p) => p.headRef)).toEqual(['propose-downstream/rawhide/1.9.4']);
    const sgDir = lc.fake.state.repos.get(SOURCE)!.dir;
    const oldMain = git(sgDir, 'rev-parse', 'main').trim();
    lc.fake.as('ci[bot]').checkRun(DIST, dgPr!.headSha, 'rpm-build', 'success');
    await lc.settle();
    // The rebase cannot be merged by any GitHub method (it conflicts with main by construction): the App publishes it.
    expect(await command(sgPr!.number, '/distsync merge')).toMatch(
      new RegExp(`^Merged ${DIST}#${dgPr!.number}, then published this rebase: \`main\` is now ${sgPr!.headSha.slice(0, 12)}, the head of this pull request \\(it was ${oldMain.slice(0, 12)}\\)`),
    );
    expect(git(sgDir, 'rev-parse', 'main').trim()).toBe(sgPr!.headSha);
    expect([sgPr!.state, sgPr!.merged]).toEqual(['closed', false]);
    expect(mergedBy(DIST, dgPr!.number)).toEqual([true, lc.fake.botLogin]);
    await assertInSync(lc, 'release');
    if (!rpmbuildAvailable) return;
    const { sg, dg, root } = cloneBoth(lc);
    const res = await runCliCaptured(['verify', sg, dg, '--lookaside', lc.lookaside]);
    expect(res, res.err).toMatchObject({ code: 0 });
    expect(res.out).toMatch(/^ok: rpmbuild -bp/m);
    removeDirs(root);
  });
});
