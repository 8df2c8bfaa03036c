import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit, type InitSourceGitResult } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, makeDistGit, makeLookaside, PACKAGES, removeDirs, status, tempDir } from '../helpers/corpus.js';

interface Case {
  key: 'zstd' | 'zstd-fedora' | 'jq' | 'zlib';
  ref: string;
  specPath: string;
  patchDir: string;
  commits: number;
  keptAsFiles: string[];
  /** What the next Patch tag and (for %setup specs) %patch line look like. */
  newTag: RegExp;
  newPrepLine: RegExp | null;
  explainedKinds: RegExp[];
  /** A file of the tree the new commit changes. */
  touch: string;
}

const CASES: Case[] = [
  {
    key: 'zstd', ref: 'v1.5.1', specPath: 'SPECS/zstd.spec', patchDir: 'SOURCES', commits: 2, keptAsFiles: [],
    newTag: /^\+Patch3: {9}0003-README-downstream-note\.patch$/m, newPrepLine: /^ %patch2 -p1\n\+%patch3 -p1$/m,
    explainedKinds: [/\.gitignore: removed by %prep line \d+: find -name \.gitignore -delete/], touch: 'README.md',
  },
  {
    key: 'zstd-fedora', ref: 'v1.5.2', specPath: 'zstd.spec', patchDir: '', commits: 2, keptAsFiles: [],
    newTag: /^\+Patch3: {9}0003-README-downstream-note\.patch$/m, newPrepLine: /^\+%patch3 -p1$/m,
    explainedKinds: [/removed by %prep line/], touch: 'README.md',
  },
  {
    key: 'jq', ref: 'jq-1.6', specPath: 'SPECS/jq.spec', patchDir: 'SOURCES', commits: 4, keptAsFiles: [],
    newTag: /^\+Patch4: {9}0005-README-downstream-note\.patch$/m, newPrepLine: null,
    explainedKinds: [], touch: 'README',
  },
  {
    key: 'zlib', ref: 'v1.2.11', specPath: 'SPECS/zlib.spec', patchDir: 'SOURCES', commits: 21,
    keptAsFiles: ['zlib-1.2.11-optimized-s390.patch'],
    newTag: /^\+Patch30: 0022-README-downstream-note\.patch$/m, newPrepLine: /^ %patch29 -p1\n\+%patch30 -p1$/m,
    explainedKinds: [/ChangeLog: changed by %prep line \d+: iconv/, /unzip\.c\.fixuncrypt: backup copy made by %patch -b \.fixuncrypt/], touch: 'README',
  },
];

describe.each(CASES)('$key: init --from-tarball, zero diff, one new commit, verify', (c) => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string, lookaside: string, init: InitSourceGitResult;

  beforeAll(async () => {
    dir = tempDir(c.key);
    distGit = makeDistGit(dir, c.key);
    lookaside = makeLookaside(dir, c.key);
    sourceGit = join(dir, 'source-git');
    init = await initSourceGit(deps, { upstreamRef: c.ref, sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterAll(() => removeDirs(dir));

  it('imports the tarball as the tagged upstream commit and every applied patch as a commit', () => {
    expect(init.commits).toHaveLength(c.commits);
    expect(init.keptAsFiles.map((k) => k.file)).toEqual(c.keptAsFiles);
    for (const k of c.keptAsFiles) expect(git(sourceGit, 'ls-files', `.distro/${k}`).trim()).toBe(`.distro/${k}`);
    expect(git(sourceGit, 'rev-parse', `${c.ref}^{commit}`).trim()).toBe(init.upstreamSha);
    expect(git(sourceGit, 'rev-list', '--count', `${c.ref}..HEAD`).trim()).toBe(String(c.commits + 1));
    expect(status(sourceGit)).toBe('');
  });

  it('update-dist-git right after init leaves dist-git byte-identical', async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: res.changed, files: res.files }).toEqual({ changed: false, files: [] });
    expect(status(distGit)).toBe('');
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it('verify passes on the unchanged pair and explains the %prep side effects', async () => {
    const res = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(res.mismatches).toEqual([]);
    const lines = res.explained.map((e) => `${e.path}: ${e.why}`).join('\n');
    for (const re of c.explainedKinds) expect(lines).toMatch(re);
  });

  it('one new commit → one new patch, tag and %patch line; rpmbuild -bp contains it', async () => {
    appendFileSync(join(sourceGit, c.touch), '\ndownstream note from source-git\n');
    git(sourceGit, 'commit', '-q', '-am', 'README: downstream note');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Add a downstream note' });
    expect(res.added).toHaveLength(1);
    expect(res.updated).toEqual([]);
    expect(res.removed).toEqual([]);
    const show = git(distGit, 'show', '--format=', 'HEAD', '--', c.specPath);
    expect(show).toMatch(c.newTag);
    expect(show.match(/^\+Patch/gm)).toHaveLength(1);
    if (c.newPrepLine) expect(show).toMatch(c.newPrepLine);
    else expect(show).not.toMatch(/^\+%patch/m);
    const changed = git(distGit, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();
    expect(changed).toEqual([c.specPath, join(c.patchDir, res.added[0]!)].sort());
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    expect(v.mismatches).toEqual([]);
    expect(readFileSync(join(v.buildDir, c.touch), 'utf8')).toContain('downstream note from source-git');
    removeDirs(join(v.buildDir, '..', '..'));
  });
});

it('PACKAGES covers every corpus case', () => {
  expect(CASES.map((c) => c.key).every((k) => k in PACKAGES)).toBe(true);
});
