import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

describe('update-source-git: patches changed or dropped by hand in dist-git', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string, lookaside: string;
  const specPath = () => join(distGit, 'SPECS/zstd.spec');

  beforeEach(async () => {
    dir = tempDir('carry');
    distGit = makeDistGit(dir, 'zstd');
    lookaside = makeLookaside(dir, 'zstd');
    sourceGit = join(dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v1.5.1', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterEach(() => removeDirs(dir));

  async function expectRoundTripClosed() {
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
    const again = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(again.changed).toBe(false);
    expect(status(distGit)).toBe('');
    expect((await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside })).mismatches).toEqual([]);
  }

  it('a changed patch file becomes a source-git commit that replaces the old version; the maintainer’s file is kept byte for byte', async () => {
    const p = join(distGit, 'SOURCES/enable-CET.patch');
    const text = readFileSync(p, 'utf8');
    const edited = text.replace(/^\+(?!\+\+ )(.*)$/m, '+$1\n+/* maintainer addition */');
    expect(edited).not.toBe(text);
    writeFileSync(p, edited.replace(/@@ -(\d+),(\d+) \+(\d+),(\d+) @@/, (_m, a, b, c, d) => `@@ -${a},${b} +${c},${Number(d) + 1} @@`));
    git(distGit, 'commit', '-q', '-am', 'enable-CET: add a line by hand');
    const res = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(res.commits).toHaveLength(1);
    const msg = git(sourceGit, 'log', '-1', '--format=%B');
    expect(msg).toContain('Patch-name: enable-CET.patch');
    expect(msg).toContain('was changed in dist-git');
    const dgBytes = readFileSync(p);
    await expectRoundTripClosed();
    expect(readFileSync(p).equals(dgBytes)).toBe(true);
  });

  it('a patch dropped in dist-git (file, tag and %patch line) is reverted in source-git and stays dropped', async () => {
    rmSync(join(distGit, 'SOURCES/enable-CET.patch'));
    writeFileSync(specPath(), readFileSync(specPath(), 'utf8').replace('Patch2:         enable-CET.patch\n', '').replace('%patch2 -p1\n', ''));
    git(distGit, 'commit', '-q', '-am', 'drop enable-CET');
    const res = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(res.commits).toHaveLength(2); // the spec into .distro/, then the revert
    expect(git(sourceGit, 'log', '-1', '--format=%s')).toContain('Drop enable-CET.patch');
    await expectRoundTripClosed();
  });

  it('a new upstream tarball in the checksum file is copied and explained', async () => {
    const sums = join(distGit, '.zstd.metadata');
    writeFileSync(sums, `${'ab'.repeat(32)} SOURCES/zstd-1.5.1.tar.gz\n`);
    git(distGit, 'commit', '-q', '-am', 're-uploaded tarball');
    const res = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(readFileSync(join(sourceGit, '.distro/.zstd.metadata'), 'utf8')).toBe(readFileSync(sums, 'utf8'));
    expect(res.notes.join('\n')).toMatch(/upstream source zstd-1\.5\.1\.tar\.gz changed in dist-git .*propose-downstream/);
  });
});
