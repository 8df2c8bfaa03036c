import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { SYNC_CHECK_NAME } from '../../src/app/app-deps.js';
import { probeSandbox, type RpmSandbox } from '../../src/rpm/index.js';
import { DIST, SOURCE, pushAndOpenPr, startLifecycle, type Lifecycle } from './lifecycle-harness.js';

const CODE = '%(echo 1.9.3)';

/**
 * A dist-git spec whose Version is `%(…)` through the real App (Probot handlers, job, worker,
 * engine) on the fake GitHub: without DISTSYNC_EVAL_WITH_RPM the check run fails naming the tag,
 * the macro and the flag; with it (the worker's probed sandbox in deps.rpmSandbox, as
 * src/app/index.ts does) real rpmspec evaluates it in bubblewrap and the dist-git PR is right.
 */
describe('a `Version: %(…)` package through the App: DISTSYNC_EVAL_WITH_RPM off, then on', { timeout: 240_000 }, () => {
  let lc: Lifecycle;
  let work: string;
  let sandbox: RpmSandbox;

  beforeAll(async () => {
    sandbox = await probeSandbox();
    // the version comes from a shell command, and the patch's file name needs it (as a new patch's name is read next to it)
    const editDistGit = (distGit: string) => {
      const spec = join(distGit, 'SPECS/lz4.spec');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^Version:(\s+)1\.9\.3$/m, `Version:$1${CODE}`).replace('Patch1: lz4-cve-2021-3520.patch', 'Patch1: %{name}-%{version}-cve-2021-3520.patch'));
      renameSync(join(distGit, 'SOURCES/lz4-cve-2021-3520.patch'), join(distGit, 'SOURCES/lz4-1.9.3-cve-2021-3520.patch'));
    };
    lc = await startLifecycle(tempDir('eval-with-rpm'), {}, undefined, { editDistGit, rpmSandbox: sandbox });
    work = join(lc.dir, 'alice-work');
    await lc.fake.as('alice').git(lc.dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, work);
  }, 120_000);
  afterAll(async () => {
    await lc?.close();
    if (lc) removeDirs(lc.dir);
  });

  const headOf = (pr: number) => lc.fake.state.pulls.find((x) => x.repo === SOURCE && x.number === pr)!.headSha;
  const lastCheck = (pr: number) => lc.fake.state.checkRuns.filter((c) => c.repo === SOURCE && c.headSha === headOf(pr) && c.name === SYNC_CHECK_NAME).at(-1);
  const distPulls = () => lc.fake.state.pulls.filter((x) => x.repo === DIST);

  it('the package really has the %(…) on both sides (init evaluated it in the sandbox)', () => {
    const distSpec = git(lc.distDir, 'show', 'rawhide:SPECS/lz4.spec');
    expect(distSpec).toMatch(/^Version:\s+%\(echo 1\.9\.3\)$/m);
    expect(git(work, 'show', 'HEAD:.distro/lz4.spec')).toMatch(/^Version:\s+%\(echo 1\.9\.3\)$/m);
  });

  let pr = 0;
  it('without the flag: the check run fails naming Patch1, the macro and DISTSYNC_EVAL_WITH_RPM; no dist-git PR', async () => {
    expect(lc.deps.rpmSandbox).toBeUndefined();
    pr = await pushAndOpenPr(lc, work, 'news', [['NEWS', '\ndownstream fix\n', 'NEWS: downstream fix']]);
    await lc.settle();
    const check = lastCheck(pr);
    expect([check?.status, check?.conclusion]).toEqual(['completed', 'failure']);
    const text = `${check?.title}\n${check?.summary}`;
    expect(text).toContain("Patch1 names '%{name}-%{version}-cve-2021-3520.patch'");
    expect(text).toContain(CODE);
    expect(text).toContain('DISTSYNC_EVAL_WITH_RPM=1');
    expect(text).not.toMatch(/\/tmp\/|cache\/work/);
    expect(distPulls()).toEqual([]);
  });

  it('with the flag: the next push is synced, rpm read the spec in the sandbox, the dist-git PR carries the patch and keeps the %(…)', async () => {
    lc.deps.rpmSandbox = sandbox;
    const alice = lc.fake.as('alice');
    appendFileSync(join(work, 'NEWS'), '\nsecond fix\n');
    await alice.git(work, 'commit', '-q', '-am', 'NEWS: second fix');
    await alice.git(work, 'push', '-q', 'origin', 'news');
    await lc.settle();
    const check = lastCheck(pr);
    expect([check?.status, check?.conclusion]).toEqual(['completed', 'success']);
    const [dist] = distPulls();
    expect(dist?.headRef).toBe(`distsync/sg-lz4-${pr}`);
    expect(check?.title).toBe(`Synced into ${DIST}#${dist!.number}`);
    const spec = git(lc.distDir, 'show', `${dist!.headRef}:SPECS/lz4.spec`);
    expect(spec).toMatch(/^Version:\s+%\(echo 1\.9\.3\)$/m);
    // the old patch (its name read through the %(…) version) kept, one new patch per source-git commit
    const patches = [...spec.matchAll(/^Patch\d+:\s+(\S+)$/gm)].map((m) => m[1]!);
    expect(patches).toHaveLength(3);
    expect(patches[0]).toBe('%{name}-%{version}-cve-2021-3520.patch');
    const added = patches.slice(1).map((name) => git(lc.distDir, 'show', `${dist!.headRef}:SOURCES/${name}`));
    expect(added.map((p) => /^\+(downstream|second) fix$/m.exec(p)?.[0])).toEqual(['+downstream fix', '+second fix']);
    expect(git(lc.distDir, 'log', '-1', '--format=%B', dist!.headRef)).toContain(`From-source-git-commit: ${headOf(pr)}`);
    expect(lc.log.lines.join('\n')).toContain('--eval-with-rpm: running rpmspec on SPECS/lz4.spec in a sandbox');
    expect(lc.fake.problems).toEqual([]);
  });
});
