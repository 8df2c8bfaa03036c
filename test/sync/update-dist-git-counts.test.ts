import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit, type UpdateDistGitResult } from '../../src/sync/update-dist-git.js';
import { git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

/**
 * Issue 11: `added` never names a patch file dist-git already has (at its HEAD
 * before the sync), and no name is both added and kept/updated.
 */
describe('update-dist-git: added/kept/updated tell the truth about dist-git as it was', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string;
  const sync = () => updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync', force: true });
  const specPath = () => join(distGit, 'SPECS/zstd.spec');
  const handCommit = (message: string) => {
    git(distGit, 'add', '-A');
    git(distGit, 'commit', '-q', '-m', message);
  };
  /** Run a sync and check its counts against dist-git's tree before it ran. */
  const checkedSync = async (): Promise<UpdateDistGitResult> => {
    const before = new Set(git(distGit, 'ls-tree', '-r', '--name-only', 'HEAD', 'SOURCES').trim().split('\n').map((p) => p.slice('SOURCES/'.length)));
    const res = await sync();
    for (const name of res.added) expect(before.has(name), `${name} listed as added but dist-git had it`).toBe(false);
    for (const name of [...res.kept, ...res.updated]) expect(before.has(name)).toBe(true);
    expect(res.added.filter((n) => res.kept.includes(n) || res.updated.includes(n))).toEqual([]);
    return res;
  };

  beforeEach(async () => {
    dir = tempDir('counts');
    distGit = makeDistGit(dir, 'zstd');
    const lookaside = makeLookaside(dir, 'zstd');
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v1.5.1', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
    appendFileSync(join(sourceGit, 'README.md'), 'new fix\n');
    git(sourceGit, 'commit', '-q', '-am', 'new fix\n\nPatch-name: new-fix.patch');
    expect((await checkedSync()).added).toEqual(['new-fix.patch']);
  });
  afterEach(() => removeDirs(dir));

  it('dist-git has the patch file with the same bytes but a hand commit took its Patch tag out: kept, not added', async () => {
    writeFileSync(specPath(), readFileSync(specPath(), 'utf8').replace(/^Patch\d+:\s+new-fix\.patch\n/m, ''));
    expect(readFileSync(specPath(), 'utf8')).not.toContain('new-fix.patch');
    handCommit('hand: drop the tag, keep the file');
    const res = await checkedSync();
    expect(res.kept).toContain('new-fix.patch');
    expect(res.added).toEqual([]);
    expect(readFileSync(specPath(), 'utf8')).toMatch(/^Patch\d+:\s+new-fix\.patch$/m);
  });

  it('a hand commit removed the file, another re-added the same bytes: kept, not added', async () => {
    const bytes = readFileSync(join(distGit, 'SOURCES/new-fix.patch'));
    git(distGit, 'rm', '-q', 'SOURCES/new-fix.patch');
    handCommit('hand: remove');
    writeFileSync(join(distGit, 'SOURCES/new-fix.patch'), bytes);
    handCommit('hand: re-add');
    appendFileSync(join(sourceGit, 'README.md'), 'another\n');
    git(sourceGit, 'commit', '-q', '-am', 'another\n\nPatch-name: another.patch');
    const res = await checkedSync();
    expect(res.kept).toContain('new-fix.patch');
    expect(res.added).toEqual(['another.patch']);
  });

  it('a hand commit removed the file but kept its tag: added again (dist-git really lacked it)', async () => {
    git(distGit, 'rm', '-q', 'SOURCES/new-fix.patch');
    handCommit('hand: remove the file only');
    const res = await checkedSync();
    expect(res.added).toEqual(['new-fix.patch']);
    expect(res.kept).not.toContain('new-fix.patch');
  });

  it('dist-git already has a new commit\'s patch under a hand-chosen name and tag, same bytes: that file is kept, nothing added', async () => {
    appendFileSync(join(sourceGit, 'README.md'), 'unnamed\n');
    git(sourceGit, 'commit', '-q', '-am', 'unnamed change');
    const twin = join(dir, 'dist-git-twin');
    git(dir, 'clone', '-q', distGit, twin);
    const made = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: twin, message: 'sync', force: true });
    expect(made.added).toHaveLength(1);
    writeFileSync(join(distGit, 'SOURCES/by-hand.patch'), readFileSync(join(twin, 'SOURCES', made.added[0]!)));
    writeFileSync(specPath(), readFileSync(specPath(), 'utf8').replace(/^(Patch\d+:.*\n)(?!Patch)/m, '$1Patch77: by-hand.patch\n'));
    expect(readFileSync(specPath(), 'utf8')).toMatch(/^Patch77: by-hand\.patch$/m);
    handCommit('hand: the same patch under another name');
    const res = await checkedSync();
    expect(res.added).toEqual([]);
    expect(res.kept).toContain('by-hand.patch');
  });

  /** The bytes update-dist-git writes for source-git's newest commit, made in a throwaway clone of dist-git. */
  const bytesOfNewestPatch = async (): Promise<Buffer> => {
    const twin = join(dir, 'dist-git-twin');
    git(dir, 'clone', '-q', distGit, twin);
    const made = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: twin, message: 'sync', force: true });
    expect(made.added).toHaveLength(1);
    return readFileSync(join(twin, 'SOURCES', made.added[0]!));
  };
  const patchFiles = () => git(distGit, 'ls-tree', '-r', '--name-only', 'HEAD', 'SOURCES').trim().split('\n').filter((p) => p.endsWith('.patch')).map((p) => p.slice('SOURCES/'.length));
  const taggedFiles = () => [...readFileSync(specPath(), 'utf8').matchAll(/^Patch\d+:\s*(\S+)$/gm)].map((m) => m[1]!);
  /** A sync after `res` changes nothing: same tree, nothing listed as added, updated or removed. */
  const secondSyncIsNoOp = async () => {
    const tree = git(distGit, 'rev-parse', 'HEAD^{tree}').trim();
    const again = await checkedSync();
    expect(again).toMatchObject({ changed: false, added: [], updated: [], removed: [] });
    expect(git(distGit, 'rev-parse', 'HEAD^{tree}').trim()).toBe(tree);
  };

  it('dist-git has a new commit\'s patch, same bytes, under another name and with NO tag: that file is adopted (tagged, kept), no duplicate written', async () => {
    appendFileSync(join(sourceGit, 'README.md'), 'unnamed\n');
    git(sourceGit, 'commit', '-q', '-am', 'unnamed change');
    writeFileSync(join(distGit, 'SOURCES/by-hand.patch'), await bytesOfNewestPatch());
    handCommit('hand: the patch, untagged');
    const res = await checkedSync();
    expect(res.added).toEqual([]);
    expect(res.kept).toContain('by-hand.patch');
    expect(res.notes.join('\n')).toMatch(/by-hand\.patch/);
    expect(taggedFiles()).toContain('by-hand.patch');
    expect(patchFiles().sort()).toEqual(taggedFiles().sort());
    await secondSyncIsNoOp();
  });

  it('the same untagged twin, but the commit names its patch with Patch-name: that name wins, the untagged file goes', async () => {
    appendFileSync(join(sourceGit, 'README.md'), 'named\n');
    git(sourceGit, 'commit', '-q', '-am', 'named change\n\nPatch-name: named.patch');
    writeFileSync(join(distGit, 'SOURCES/by-hand.patch'), await bytesOfNewestPatch());
    handCommit('hand: the patch, untagged');
    const res = await checkedSync();
    expect(res.added).toEqual(['named.patch']);
    expect(res.removed).toEqual(['by-hand.patch']);
    expect(patchFiles()).not.toContain('by-hand.patch');
    expect(patchFiles().sort()).toEqual(taggedFiles().sort());
    await secondSyncIsNoOp();
  });

  it('an untagged twin the spec uses otherwise (a SourceN) is neither adopted nor removed', async () => {
    appendFileSync(join(sourceGit, 'README.md'), 'unnamed\n');
    git(sourceGit, 'commit', '-q', '-am', 'unnamed change');
    writeFileSync(join(distGit, 'SOURCES/by-hand.patch'), await bytesOfNewestPatch());
    for (const spec of [specPath(), join(sourceGit, '.distro/zstd.spec')]) writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^(Source0:.*\n)/m, '$1Source9:        by-hand.patch\n'));
    handCommit('hand: a source that happens to be the same patch');
    git(sourceGit, 'commit', '-q', '-am', 'spec: Source9');
    const res = await checkedSync();
    expect(res.added).toHaveLength(1);
    expect(res.added[0]).toMatch(/^\d{4}-unnamed-change\.patch$/);
    expect(res.removed).toEqual([]);
    expect(patchFiles()).toContain('by-hand.patch');
    await secondSyncIsNoOp();
  });

  it('a second sync with nothing new lists nothing as added', async () => {
    const res = await checkedSync();
    expect(res.added).toEqual([]);
    expect(res.changed).toBe(false);
  });
});
