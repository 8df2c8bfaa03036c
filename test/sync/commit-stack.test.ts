import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

/** zstd el9: %setup + %patchN (one under %if %{with pzstd}), find -delete in %prep. */
describe('update-dist-git: what each kind of source-git change does to dist-git', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string, lookaside: string;
  const spec = () => readFileSync(join(distGit, 'SPECS/zstd.spec'), 'utf8');
  const sync = (message = 'sync') => updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message });
  const commit = (file: string, text: string, message: string) => {
    appendFileSync(join(sourceGit, file), text);
    git(sourceGit, 'add', '-A');
    git(sourceGit, 'commit', '-q', '-m', message);
  };

  beforeEach(async () => {
    dir = tempDir('stack');
    distGit = makeDistGit(dir, 'zstd');
    lookaside = makeLookaside(dir, 'zstd');
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v1.5.1', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterEach(() => removeDirs(dir));

  it('a dropped commit: its file, tag and %patch line go; the others keep their numbers', async () => {
    const cet = git(sourceGit, 'log', '--format=%H', '--grep=Patch-name: enable-CET.patch').trim();
    git(sourceGit, 'rebase', '-q', '--onto', `${cet}^`, cet);
    const res = await sync();
    expect(res.removed).toEqual(['enable-CET.patch']);
    expect(spec()).not.toMatch(/^Patch2:/m);
    expect(spec()).not.toMatch(/^%patch2/m);
    expect(spec()).toMatch(/^Patch1: {9}pzstd\.1\.patch$/m);
    expect(git(distGit, 'ls-files', 'SOURCES').trim()).toBe('SOURCES/pzstd.1.patch');
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('an edited commit: its file is rewritten under the same name and number', async () => {
    git(sourceGit, 'checkout', '-q', 'HEAD~1'); // at the pzstd commit, enable-CET on top
    const top = git(sourceGit, 'rev-parse', 'main').trim();
    appendFileSync(join(sourceGit, 'README.md'), '\nedited pzstd commit\n');
    git(sourceGit, 'commit', '-q', '-a', '--amend', '--no-edit');
    git(sourceGit, 'cherry-pick', top);
    git(sourceGit, 'checkout', '-q', '-B', 'main');
    const res = await sync();
    expect(res.updated).toEqual(['pzstd.1.patch']);
    expect(res.added).toEqual([]);
    expect(res.kept).toEqual(['enable-CET.patch']);
    expect(readFileSync(join(distGit, 'SOURCES/pzstd.1.patch'), 'utf8')).toContain('+edited pzstd commit');
    expect(git(distGit, 'show', '--format=', 'HEAD', '--', 'SPECS/zstd.spec')).toBe('');
  });

  it('Ignore-patch and .distro-only commits make no patch; Patch-present-in-specfile adds no tag', async () => {
    commit('README.md', 'ignored\n', 'local tweak\n\nIgnore-patch: true');
    writeFileSync(join(sourceGit, '.distro/zstd.spec'), readFileSync(join(sourceGit, '.distro/zstd.spec'), 'utf8').replace('Release:        2%{?dist}', 'Release:        3%{?dist}\nPatch9: present.patch'));
    git(sourceGit, 'commit', '-q', '-am', 'spec: bump and declare present.patch');
    commit('README.md', 'present\n', 'present in spec\n\nPatch-name: present.patch\nPatch-present-in-specfile: true');
    const res = await sync();
    expect(res.added).toEqual(['present.patch']);
    expect(spec().match(/^Patch9: present\.patch$/gm)).toHaveLength(1);
    expect(spec()).toMatch(/^Release: {8}3%\{\?dist\}$/m);
    const p = readFileSync(join(distGit, 'SOURCES/present.patch'), 'utf8');
    expect(p).toContain('+present');
    expect(p).not.toContain('+ignored');
    expect(git(distGit, 'ls-files', 'SOURCES').trim().split('\n')).toHaveLength(3);
  });

  it('adjacent commits with one Patch-name make one patch; No-prefix makes a -p0 patch and line', async () => {
    commit('README.md', 'part one\n', 'fix: part one\n\nPatch-name: fix.patch');
    commit('README.md', 'part two\n', 'fix: part two\n\nPatch-name: fix.patch');
    commit('CHANGELOG', 'no prefix\n', 'no prefix please\n\nPatch-name: noprefix.patch\nNo-prefix: true');
    const res = await sync();
    expect(res.added).toEqual(['fix.patch', 'noprefix.patch']);
    const fix = readFileSync(join(distGit, 'SOURCES/fix.patch'), 'utf8');
    expect(fix).toContain('+part one');
    expect(fix).toContain('+part two');
    const np = readFileSync(join(distGit, 'SOURCES/noprefix.patch'), 'utf8');
    expect(np).toMatch(/^--- CHANGELOG$/m);
    expect(np).toMatch(/^\+\+\+ CHANGELOG$/m);
    expect(spec()).toMatch(/^%patch3 -p1\n%patch4 -p0$/m);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('a merge commit is linearised: one patch per commit it brings in, never a merge patch', async () => {
    git(sourceGit, 'checkout', '-q', '-b', 'topic');
    commit('README.md', 'from a topic branch\n', 'topic 1');
    commit('CHANGELOG', 'topic two\n', 'topic 2');
    git(sourceGit, 'checkout', '-q', 'main');
    git(sourceGit, 'merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic');
    const res = await sync();
    expect(res.added).toEqual(['0003-topic-1.patch', '0004-topic-2.patch']);
    expect(readFileSync(join(distGit, 'SOURCES/0003-topic-1.patch'), 'utf8')).toContain('+from a topic branch');
    expect(readFileSync(join(distGit, 'SOURCES/0004-topic-2.patch'), 'utf8')).toContain('+topic two');
    expect(git(distGit, 'ls-files', 'SOURCES').trim()).not.toMatch(/Merge/);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  });

  it('a merge whose first parent moved on is replayed: each brought-in commit is a patch, the stack ends at the merge tree', async () => {
    git(sourceGit, 'checkout', '-q', '-b', 'topic');
    commit('README.md', 'topic line\n', 'topic change');
    git(sourceGit, 'checkout', '-q', 'main');
    commit('CHANGELOG', 'main moved\n', 'main change');
    git(sourceGit, 'merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic');
    const res = await sync();
    expect(res.added).toEqual(['0003-main-change.patch', '0004-topic-change.patch']);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
    expect((await sync()).changed).toBe(false);
  });

  it('an evil merge (the merge commit changes more than its branch): the extra change rides on the last brought-in commit, never a merge patch', async () => {
    git(sourceGit, 'checkout', '-q', '-b', 'topic');
    commit('README.md', 'topic line\n', 'topic change');
    git(sourceGit, 'checkout', '-q', 'main');
    git(sourceGit, 'merge', '-q', '--no-ff', '--no-commit', 'topic');
    appendFileSync(join(sourceGit, 'CHANGELOG'), 'added while merging\n');
    git(sourceGit, 'add', '-A');
    git(sourceGit, 'commit', '-q', '-m', 'Merge topic');
    const res = await sync();
    expect(res.added).toEqual(['0003-topic-change.patch']);
    const patch = readFileSync(join(distGit, 'SOURCES/0003-topic-change.patch'), 'utf8');
    expect(patch).toContain('+topic line');
    expect(patch).toContain('+added while merging');
    expect(git(distGit, 'ls-files', 'SOURCES').trim()).not.toMatch(/Merge/);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
    expect((await sync()).changed).toBe(false);
  });

  it('a merge whose brought-in commits conflict when replayed one by one: they fold into one patch that says so and ends at the merge tree', async () => {
    git(sourceGit, 'checkout', '-q', '-b', 'topic');
    writeFileSync(join(sourceGit, 'NOTES.txt'), 'topic one\n');
    git(sourceGit, 'add', '-A');
    git(sourceGit, 'commit', '-q', '-m', 'topic one');
    commit('NOTES.txt', 'topic two\n', 'topic two');
    git(sourceGit, 'checkout', '-q', 'main');
    writeFileSync(join(sourceGit, 'NOTES.txt'), 'main wrote this first\n');
    git(sourceGit, 'add', '-A');
    git(sourceGit, 'commit', '-q', '-m', 'main notes');
    expect(() => git(sourceGit, 'merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic')).toThrow();
    expect(git(sourceGit, 'diff', '--name-only', '--diff-filter=U').trim()).toBe('NOTES.txt');
    writeFileSync(join(sourceGit, 'NOTES.txt'), 'main wrote this first\ntopic one\ntopic two\n');
    git(sourceGit, 'add', '-A');
    git(sourceGit, 'commit', '-q', '--no-edit');
    const res = await sync();
    expect(res.added).toEqual(['0003-main-notes.patch', '0004-topic-one.patch']);
    const folded = readFileSync(join(distGit, 'SOURCES/0004-topic-one.patch'), 'utf8');
    expect(folded).toContain('Also brings in (could not be replayed one by one):');
    expect(folded).toContain('- topic two');
    expect(folded).toContain('+topic two');
    expect(git(distGit, 'ls-files', 'SOURCES').trim()).not.toMatch(/Merge/);
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
    expect((await sync()).changed).toBe(false);
  });

  it('a binary change is refused for %patch (GNU patch) specs, naming the commit, and nothing is written', async () => {
    writeFileSync(join(sourceGit, 'logo.bin'), Buffer.from([0, 1, 2, 3, 255, 0, 7]));
    git(sourceGit, 'add', '-A');
    git(sourceGit, 'commit', '-q', '-m', 'add a binary logo');
    const sha = git(sourceGit, 'rev-parse', 'HEAD').trim().slice(0, 12);
    const err = await sync().then(() => null, (e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: 'binary-patch' });
    expect(err!.message).toContain(sha);
    expect(status(distGit)).toBe('');
  });
});
