import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { assertTools, inSharedCorpus, makeSharedPackage, NOT_IN_SHARED, type SharedPackage } from '../helpers/shared-corpus.js';

/**
 * Issue 10 class 9 on a real package: el9 audit copies the build host's kernel
 * header (`cp /usr/include/linux/audit.h lib/`, %prep line 105) and Patch5 edits
 * the copy. init refuses (corpus-every-package.test.ts asserts the error); this
 * test follows the error's advice to the letter and proves it works: without
 * the line, and with the patch creating lib/audit.h whole, the package makes
 * the whole round trip. audit is fetched content, no longer in the repo: this
 * runs once the steering team adds it to shared/corpus (see
 * fixtures/corpus-el9/README.md); host-copy-advice.test.ts proves the same
 * flow on a package we wrote.
 */
const HOST_FILE = '/usr/include/linux/audit.h';
const PATCH = 'audit-3.0.8-flex-array-workaround.patch';
const defines: [string, string][] = [['dist', '.el9'], ['rhel', '9']];
const deps = { log: createMemoryLogger() };

const ABSENT = !inSharedCorpus('audit');

describe.skipIf(ABSENT)(`real audit (el9): following the class 9 advice (the patch creates the host file whole) gives the round trip${ABSENT ? ` — skipped, ${NOT_IN_SHARED}` : ''}`, () => {
  let pkg: SharedPackage;
  let sourceGit: string;

  beforeAll(() => {
    if (!existsSync(HOST_FILE)) throw new Error(`${HOST_FILE} is not on this machine (apt-get install linux-libc-dev; dnf install kernel-headers): audit's %prep copies it`);
    pkg = makeSharedPackage(tempDir('audit-host-copy'), 'audit');
    assertTools('audit', pkg.tools);
    sourceGit = join(pkg.dir, 'source-git');
  });
  afterAll(() => removeDirs(pkg.dir));

  it('init refuses first; with the advice followed it imports Patch5 as the commit that adds lib/audit.h', async () => {
    const run = () => initSourceGit(deps, { upstreamRef: 'v3.0.7', sourceGitDir: sourceGit, distGitDir: pkg.distGit, lookasideDir: pkg.lookaside, fromTarball: true, macros: { defines: Object.fromEntries(defines) } });
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DistsyncError);
    const next = (err as DistsyncError).next ?? '';
    const advice = /^remove %prep line (\d+) and make (\S+) create (\S+) whole/.exec(next);
    expect(advice?.slice(1)).toEqual(['105', PATCH, 'lib/audit.h']);

    // the advice, as a packager follows it: drop the line, regenerate the patch so that it creates the file
    const specFile = join(pkg.distGit, pkg.specPath);
    const lines = readFileSync(specFile, 'utf8').split('\n');
    expect(lines[104]).toBe(`cp ${HOST_FILE} lib/`);
    writeFileSync(specFile, [...lines.slice(0, 104), ...lines.slice(105)].join('\n'));
    const patchFile = join(pkg.distGit, 'SOURCES', PATCH);
    writeFileSync(patchFile, patchCreatingTheCopy(join(pkg.dir, 'regen'), join(pkg.lookaside, 'audit-3.0.7.tar.gz'), readFileSync(patchFile)));
    git(pkg.distGit, 'commit', '-q', '-am', 'Patch5 creates lib/audit.h instead of editing the build host copy');

    const res = await run();
    expect(res.commits.map((c) => c.patch)).toContain(PATCH);
    const added = git(sourceGit, 'log', '--format=', '--diff-filter=A', '--name-only', '--grep', `Patch-name: ${PATCH}`).trim();
    expect(added).toBe('lib/audit.h');
    expect(readFileSync(join(sourceGit, 'lib/audit.h'), 'utf8')).toContain('char\t\tbuf[0];\t/* string fields buffer */');
  }, 300_000);

  it('update-dist-git right after init leaves dist-git byte-identical', async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit });
    expect({ changed: res.changed, files: res.files }).toEqual({ changed: false, files: [] });
    expect(status(pkg.distGit)).toBe('');
  }, 300_000);

  it('one new commit → one new patch; real rpmbuild -bp of the result matches source-git (verify)', async () => {
    writeFileSync(join(sourceGit, 'README'), `${readFileSync(join(sourceGit, 'README'), 'utf8')}\ndownstream note from source-git\n`);
    git(sourceGit, 'commit', '-q', '-am', 'README: downstream note');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit, message: 'Add a downstream note' });
    expect({ added: res.added.length, updated: res.updated, removed: res.removed }).toEqual({ added: 1, updated: [], removed: [] });
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit, lookasideDir: pkg.lookaside, defines, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(readFileSync(join(v.buildDir, 'README'), 'utf8')).toContain('downstream note from source-git');
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 300_000);
});

/** What the packager runs: the tarball's tree + the host's copy + the old patch, as one diff that creates the copy. */
function patchCreatingTheCopy(dir: string, tarball: string, oldPatch: Buffer): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const tree = join(dir, 'audit-3.0.7');
  git(tree, 'init', '-q');
  git(tree, 'add', '-A');
  git(tree, 'commit', '-q', '-m', 'tarball');
  copyFileSync(HOST_FILE, join(tree, 'lib/audit.h'));
  execFileSync('patch', ['-p1', '--fuzz=0', '--no-backup-if-mismatch', '-s'], { cwd: tree, input: oldPatch });
  git(tree, 'add', '-A');
  return git(tree, 'diff', '--cached');
}
