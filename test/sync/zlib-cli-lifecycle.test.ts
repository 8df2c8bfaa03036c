import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, rpmbuildAvailable, status, tempDir } from '../helpers/corpus.js';

/**
 * A package's life from the CLI on the real zlib (el9, 22 patches, %setup + %patchN -b, s390x-only patches):
 * pull requests merged into source-git by merge commit, squash and rebase; dist-git merged like a forge does;
 * a packager's direct dist-git commit carried back; a commit dropped; a commit reworded and amended.
 * After every step: every *.patch is named by a Patch tag, no tag twice, status in-sync, a no-op update
 * changes no byte. At the end `distsync verify` (real rpmbuild -bp) reproduces the source-git tree.
 */
describe('zlib: the whole life of a package from the CLI', { timeout: 600_000 }, () => {
  let dir: string, distGit: string, sourceGit: string, lookaside: string;
  const SPEC = 'SPECS/zlib.spec';
  const cli = async (...argv: string[]) => runCliCaptured(argv);
  const json = async (...argv: string[]) => {
    const res = await cli(...argv, '--json');
    expect(res.code, `${argv.join(' ')}\n${res.out}${res.err}`).toBe(0);
    return JSON.parse(res.out) as Record<string, unknown> & { added: string[]; updated: string[]; removed: string[]; kept: string[]; changed: boolean; state: string };
  };
  const toDist = (message?: string) => json('source-git', 'update-dist-git', ...(message ? ['-m', message] : []), sourceGit, distGit);
  const statusOf = () => json('source-git', 'status', sourceGit, distGit);
  const sg = (...args: string[]) => git(sourceGit, ...args);
  const dg = (...args: string[]) => git(distGit, ...args);
  const commitFile = (repo: string, file: string, text: string, subject: string) => {
    appendFileSync(join(repo, file), text);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', subject);
  };
  const patchFiles = () => readdirSync(join(distGit, 'SOURCES')).filter((f) => f.endsWith('.patch')).sort();
  const tags = () => [...dg('show', `HEAD:${SPEC}`).matchAll(/^Patch(\d*):\s*(\S+)\s*$/gm)].map((m) => ({ number: m[1]!, file: m[2]! }));

  /** What must hold after every step of a package's life. */
  async function expectHealthy(): Promise<void> {
    expect(status(distGit)).toBe('');
    const t = tags();
    expect(new Set(t.map((x) => x.number)).size, 'no Patch number twice').toBe(t.length);
    expect(new Set(t.map((x) => x.file)).size, 'no patch file named twice').toBe(t.length);
    const named = new Set(t.map((x) => x.file));
    expect(patchFiles().filter((f) => !named.has(f)), 'every *.patch is named by a Patch tag').toEqual([]);
    expect(t.filter((x) => !patchFiles().includes(x.file)), 'every Patch tag has its file').toEqual([]);
    const st = await statusOf();
    expect(st.state, JSON.stringify(st)).toBe('in-sync');
    const head = dg('rev-parse', 'HEAD');
    const again = await toDist();
    expect(again.changed).toBe(false);
    expect(dg('rev-parse', 'HEAD')).toBe(head);
    expect(status(distGit)).toBe('');
  }

  /** What a forge does for a pull request merged with a merge commit: a branch, then `git merge --no-ff`. */
  async function syncThroughDistGitPullRequest(branch: string, message: string) {
    dg('checkout', '-q', '-b', branch);
    const res = await toDist(message);
    dg('checkout', '-q', 'main');
    dg('merge', '-q', '--no-ff', '-m', `Merge pull request from org/${branch}`, branch);
    return res;
  }

  beforeAll(() => {
    dir = tempDir('zlib-life');
    distGit = makeDistGit(dir, 'zlib');
    lookaside = makeLookaside(dir, 'zlib');
    sourceGit = cloneUpstream(dir, 'zlib', 'v1.2.11');
  });
  afterAll(() => removeDirs(dir));

  it('init', async () => {
    const res = await cli('source-git', 'init', '--lookaside', lookaside, 'v1.2.11', sourceGit, distGit);
    expect(res.code, res.err).toBe(0);
    expect(tags()).toHaveLength(22);
    await expectHealthy();
  });

  it('PR1 (2 commits) merged into source-git by a merge commit; dist-git PR merged by a merge commit', async () => {
    sg('checkout', '-q', '-b', 'pr1');
    commitFile(sourceGit, 'README', '\ndownstream: PR1 first commit\n', 'README: note the downstream build');
    commitFile(sourceGit, 'ChangeLog', '\ndownstream: PR1 second commit\n', 'ChangeLog: record the downstream build');
    sg('checkout', '-q', 'main');
    sg('merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from org/pr1', 'pr1');
    const res = await syncThroughDistGitPullRequest('sync-pr1', 'Sync source-git PR #1');
    expect(res.added).toEqual(['0022-README-note-the-downstream-build.patch', '0023-ChangeLog-record-the-downstream-build.patch']);
    expect(res.removed).toEqual([]);
    expect(res.kept).toHaveLength(21); // every patch %prep applies on x86_64
    expect(patchFiles().filter((f) => /Merge/.test(f))).toEqual([]);
    await expectHealthy();
  });

  it('PR2 squash-merged', async () => {
    sg('checkout', '-q', '-b', 'pr2');
    commitFile(sourceGit, 'FAQ', '\ndownstream: PR2 part one\n', 'FAQ: part one');
    commitFile(sourceGit, 'FAQ', 'downstream: PR2 part two\n', 'FAQ: part two');
    sg('checkout', '-q', 'main');
    sg('merge', '-q', '--squash', 'pr2');
    sg('commit', '-q', '-m', 'FAQ: downstream notes (#2)');
    const res = await toDist('Sync source-git PR #2');
    expect(res.added).toEqual(['0024-FAQ-downstream-notes-2.patch']);
    expect(res.updated).toEqual([]);
    await expectHealthy();
  });

  it('PR3 rebase-merged (made on an older main)', async () => {
    sg('checkout', '-q', '-b', 'pr3', 'main~1');
    commitFile(sourceGit, 'INDEX', '\ndownstream: PR3\n', 'INDEX: downstream entry');
    sg('rebase', '-q', 'main');
    sg('checkout', '-q', 'main');
    sg('merge', '-q', '--ff-only', 'pr3');
    const res = await syncThroughDistGitPullRequest('sync-pr3', 'Sync source-git PR #3');
    expect(res.added).toEqual(['0025-INDEX-downstream-entry.patch']);
    await expectHealthy();
  });

  it("a packager's direct dist-git commit (Release bump + changelog) is refused by update-dist-git, carried back, then kept", async () => {
    const spec = join(distGit, SPEC);
    const text = readFileSync(spec, 'utf8').replace('Release: 40%{?dist}', 'Release: 41%{?dist}');
    writeFileSync(spec, text.replace('%changelog\n', '%changelog\n* Mon Nov 23 2026 Packager <packager@example.org> - 1.2.11-41\n- Rebuilt for the new toolchain\n\n'));
    dg('commit', '-q', '-am', 'Release 41: rebuild');
    expect((await statusOf()).state).toBe('behind');
    commitFile(sourceGit, 'README', 'downstream: PR4\n', 'README: PR4 note');
    expect((await statusOf()).state).toBe('diverged');
    const refused = await cli('source-git', 'update-dist-git', '-m', 'Sync PR4', sourceGit, distGit);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/made outside source-git .* update-source-git/s);
    const carried = await json('source-git', 'update-source-git', distGit, sourceGit);
    expect((carried['carried'] as unknown[]).length).toBe(1);
    const res = await toDist('Sync source-git PR #4');
    expect(res.added).toEqual(['0026-README-PR4-note.patch']);
    expect(dg('show', `HEAD:${SPEC}`)).toMatch(/^Release: 41%\{\?dist\}$/m);
    expect(dg('show', `HEAD:${SPEC}`)).toContain('- Rebuilt for the new toolchain');
    await expectHealthy();
  });

  it('update-dist-git without -m, committed by hand as its output says: the next update works', async () => {
    commitFile(sourceGit, 'FAQ', 'downstream: PR5\n', 'FAQ: PR5 note');
    const res = await cli('source-git', 'update-dist-git', sourceGit, distGit);
    expect(res.code).toBe(0);
    // The change is staged; the output names the one command that commits it.
    const next = /^next: the change is staged; .* commit it \((.*)\)$/m.exec(res.out)?.[1];
    expect(next).toBe(`git -C ${distGit} commit`);
    expect(dg('status', '--porcelain')).not.toMatch(/^.[^ ]/m); // nothing left unstaged
    dg('commit', '-q', '-m', 'FAQ note, committed by hand');
    await expectHealthy();
  });

  it('a later PR drops a synced commit: its tag, %patch line and file go', async () => {
    const pr3 = sg('log', '--format=%H', '-1', '--grep=^INDEX: downstream entry').trim();
    sg('rebase', '-q', '--onto', `${pr3}^`, pr3);
    const res = await toDist('Drop the INDEX entry');
    expect(res.removed).toEqual(['0025-INDEX-downstream-entry.patch']);
    expect(res.added).toEqual([]);
    expect(patchFiles()).not.toContain('0025-INDEX-downstream-entry.patch');
    expect(dg('show', `HEAD:${SPEC}`)).not.toContain('0025-INDEX');
    await expectHealthy();
  });

  it('a synced commit reworded keeps its file (its tag comment follows); amended (new subject and change) replaces it, nothing stale', async () => {
    const before = patchFiles();
    sg('commit', '-q', '--amend', '-m', 'FAQ: PR5 note, reworded');
    const reworded = await toDist('Reword');
    // the patch file is kept byte for byte; only its tag's comment (the commit's subject) follows the new words
    expect(reworded.added).toEqual([]);
    expect(reworded.removed).toEqual([]);
    expect(reworded.kept).toContainEqual(expect.stringMatching(/-FAQ-PR5-note\.patch$/));
    expect(reworded['files']).toEqual([SPEC]);
    expect(dg('show', `HEAD:${SPEC}`)).toContain('# FAQ: PR5 note, reworded');
    expect(patchFiles()).toEqual(before);
    await expectHealthy();
    appendFileSync(join(sourceGit, 'FAQ'), 'downstream: PR5 amended\n');
    sg('commit', '-q', '-a', '--amend', '-m', 'FAQ: PR5 note, amended');
    const amended = await toDist('Amend');
    expect(amended.removed).toHaveLength(1);
    expect(amended.added).toHaveLength(1);
    expect(patchFiles()).not.toContain(amended.removed[0]);
    await expectHealthy();
  });

  it.skipIf(!rpmbuildAvailable)('distsync verify: rpmbuild -bp of dist-git reproduces the source-git tree', async () => {
    const res = await cli('verify', '--lookaside', lookaside, sourceGit, distGit);
    expect(res.code, res.out + res.err).toBe(0);
  });
});
