import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { inSharedCorpus, makeSharedPackage, NOT_IN_SHARED, type SharedPackage } from '../helpers/shared-corpus.js';

/**
 * The real el9 rsync: `patch -p1 -i patches/copy-devices.diff` runs between
 * `%setup -q -b 1` and 11 %patchN lines, and Patch3/Patch10 need its change as
 * context. (The corpus test runs the whole cycle with rpmbuild -bp; this one
 * checks the shell step itself.) rsync is fetched content, no longer in the
 * repo: this runs once the steering team adds it to shared/corpus (see
 * fixtures/corpus-el9/README.md); prep-shell-patch-second-tarball.test.ts
 * proves the same shape on a package we wrote.
 */
const ABSENT = !inSharedCorpus('rsync');

describe.skipIf(ABSENT)(`rsync el9: the shell patch line is a source-git commit in its %prep place${ABSENT ? ` — skipped, ${NOT_IN_SHARED}` : ''}`, () => {
  const deps = { log: createMemoryLogger() };
  let pkg: SharedPackage;
  let sourceGit: string;

  beforeAll(async () => {
    pkg = makeSharedPackage(tempDir('rsync-shell'), 'rsync');
    sourceGit = join(pkg.dir, 'source-git');
    await initSourceGit(deps, { upstreamRef: 'v3.2.3', sourceGitDir: sourceGit, distGitDir: pkg.distGit, lookasideDir: pkg.lookaside, fromTarball: true, macros: { defines: { dist: '.el9', rhel: '9' } } });
  }, 120_000);
  afterAll(() => removeDirs(pkg.dir));

  it('Source1, .distro/, then copy-devices.diff (Distsync-prep-patch), then Patch0…Patch10 in %prep order', () => {
    const rows = git(sourceGit, 'log', '--reverse', '--format=%(trailers:key=Distsync-source,valueonly,separator=)|%(trailers:key=Distsync-prep-patch,valueonly,separator=)|%(trailers:key=Patch-id,valueonly,separator=)', 'v3.2.3..HEAD')
      .trim()
      .split('\n');
    expect(rows).toEqual(['Source1||', '||', '|patches/copy-devices.diff|', ...Array.from({ length: 11 }, (_, n) => `||${n}`)]);
    expect(readFileSync(join(sourceGit, 'options.c'), 'utf8')).toContain('copy-devices');
  });

  it('amending that commit is refused with the file and the line; dist-git is untouched', async () => {
    const sha = git(sourceGit, 'log', '--format=%H', '-F', '--grep=Distsync-prep-patch: patches/copy-devices.diff', 'v3.2.3..HEAD').trim();
    const head = git(sourceGit, 'rev-parse', 'HEAD').trim();
    const after = git(sourceGit, 'rev-list', '--reverse', `${sha}..HEAD`).trim().split('\n');
    git(sourceGit, 'reset', '-q', '--hard', sha);
    appendFileSync(join(sourceGit, 'README.md'), '\nsneaked into the copy-devices commit\n');
    git(sourceGit, 'commit', '-q', '-a', '--amend', '--no-edit');
    for (const c of after) git(sourceGit, 'cherry-pick', '--allow-empty', c);
    const e = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DistsyncError);
    expect((e as DistsyncError).message).toMatch(/no longer matches patches\/copy-devices\.diff, which %prep line 76 applies \(`patch -p1 -i patches\/copy-devices\.diff`\)/);
    expect(status(pkg.distGit)).toBe('');
    git(sourceGit, 'reset', '-q', '--hard', head);
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit });
    expect(res.changed).toBe(false);
  }, 60_000);
});
