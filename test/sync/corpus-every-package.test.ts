import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { probeSandbox } from '../../src/rpm/index.js';
import type { RunDeps } from '../../src/sync/run-deps.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { assertTools, inSharedCorpus, makeSharedPackage, NOT_IN_SHARED, sharedCorpus, type SharedPackage } from '../helpers/shared-corpus.js';

/**
 * Every package of the team corpus that has upstream tarballs, as a packager
 * lives it: init (from the tarball, and from upstream git where the corpus has
 * a history bundle) → update-dist-git right away changes nothing →
 * one new source-git commit → exactly one new patch, the spec grows by its tag
 * (and %patch line) → real `rpmbuild -bp` contains the change → verify ok.
 * Time per package: BENCHMARKS.md ("corpus test").
 *
 * The cases marked `optional` are real el9 packages an earlier session had
 * fetched into fixtures/corpus-el9; fetched content is not committed, so they
 * were taken out (fixtures/corpus-el9/README.md lists them for the steering
 * team). Each runs from `shared/corpus/<key>` once the team puts it there;
 * until then its tests are skipped, with the reason in their title. The
 * classes of issue 10 only they covered have synthetic tests of our own
 * (prep-fidelity, autosetup-git-prefixes, eval-with-rpm-source-name,
 * prep-shell-patch-second-tarball, host-copy-advice).
 */
interface Case {
  key: string;
  ref: string;
  /** el9 branches are read with %{rhel} 9 and %{dist} .el9, as rpmbuild on el9 would. */
  el9: boolean;
  /** Also init from upstream git history (the corpus bundle) instead of the tarball. */
  bundle?: string;
  /**
   * Not (yet) in the shared corpus (see the comment above): run when
   * `shared/corpus/<key>` exists, else skipped visibly. Without it a missing
   * package fails the test.
   */
  optional?: boolean;
  /** The spec needs real rpm for a %(…) (issue 10 class 6): run with the sandbox, as `--eval-with-rpm` does. */
  rpmEval?: boolean;
  /**
   * distsync cannot reproduce this package (issue 10 class 9: a file of the build
   * host that a patch edits): init must fail with exactly this error and write
   * nothing; there is no round trip to run.
   */
  refuses?: { message: string; file: string; next: RegExp };
}

const CASES: Case[] = [
  { key: 'lz4', ref: 'v1.9.3', el9: true, bundle: 'lz4-upstream.bundle' },
  { key: 'zstd', ref: 'v1.5.1', el9: true },
  { key: 'zstd-fedora', ref: 'v1.5.2', el9: false },
  { key: 'jq', ref: 'jq-1.6', el9: true },
  { key: 'zlib', ref: 'v1.2.11', el9: true, bundle: 'zlib-upstream.bundle' },
  { key: 'krb5', ref: 'krb5-1.21.1-final', el9: true },
  { key: 'util-linux', ref: 'v2.37.4', el9: true },
  { key: 'findutils', ref: 'v4.8.0', el9: true },
  { key: 'ldns', ref: 'release-1.7.1', el9: true },
  // upstream.ref names the commit; a tarball import tags its own commit, so it takes the release tag's name
  { key: 'trace-cmd', ref: 'trace-cmd-v2.9.2', el9: true },
  { key: 'ksh', ref: 'v1.0.0-beta.1', el9: true },
  { key: 'linuxptp', ref: 'v3.1.1', el9: true },
  { key: 'bpftrace', ref: 'v0.17.0', el9: true },
  { key: 'perl', ref: 'v5.32.1', el9: true },
  // real el9 packages taken out of the repo (fetched content): they run once the steering team adds them to shared/corpus;
  // fixtures/corpus-el9/README.md lists each one's provenance, %prep style and what these cases prove
  { key: 'pigz', ref: 'v2.5', el9: true, optional: true },
  { key: 'rng-tools', ref: 'v6.16', el9: true, optional: true },
  { key: 'jansson', ref: 'v2.14', el9: true, optional: true },
  { key: 'lshw', ref: 'B.02.19.2', el9: true, optional: true },
  { key: 'iperf3', ref: '3.9', el9: true, optional: true },
  { key: 'irqbalance', ref: 'v1.9.2', el9: true, optional: true },
  { key: 'snappy', ref: '1.1.8', el9: true, optional: true },
  { key: 'squashfs-tools', ref: '4.4-git.1', el9: true, optional: true },
  { key: 'yajl', ref: '2.1.0', el9: true, optional: true },
  { key: 'openldap', ref: 'OPENLDAP_REL_ENG_2_6_3', el9: true, optional: true },
  // class 8: `patch -p1 -i patches/copy-devices.diff` (a shell line) between %setup -b 1 and 11 %patchN
  { key: 'rsync', ref: 'v3.2.3', el9: true, optional: true },
  { key: 'tmux', ref: '3.2a', el9: true, optional: true },
  { key: 'brotli', ref: 'v1.0.9', el9: true, optional: true },
  { key: 'pciutils', ref: 'v3.7.0', el9: true, optional: true },
  { key: 'libcap-ng', ref: 'v0.8.2', el9: true, optional: true },
  { key: 'cjose', ref: '0.6.1', el9: true, optional: true },
  { key: 'ndctl', ref: 'v71.1', el9: true, optional: true },
  { key: 'tpm2-tss', ref: '3.2.2', el9: true, optional: true },
  { key: 'clevis', ref: 'v18', el9: true, optional: true },
  // Source0 committed in dist-git's SOURCES/ (empty .lsscsi.metadata): init takes the tarball from dist-git
  { key: 'lsscsi', ref: 'r0.32', el9: true, optional: true },
  { key: 'sg3_utils', ref: 'release-1.47', el9: true, optional: true },
  { key: 'libtracefs', ref: 'libtracefs-1.3.1', el9: true, optional: true },
  // class 6: Source0's name needs %(echo '%{version}' | tr '~' '-'): only real rpm (sandboxed) knows it
  { key: 'libnvme', ref: 'v1.4', el9: true, optional: true, rpmEval: true },
  // class 9: `cp /usr/include/linux/audit.h lib/` (%prep line 105), then Patch5 edits lib/audit.h
  {
    key: 'audit',
    ref: 'v3.0.7',
    el9: true,
    optional: true,
    refuses: {
      message:
        'audit-3.0.8-flex-array-workaround.patch (Patch5) edits lib/audit.h, which %prep line 105 copies from the build host (cp /usr/include/linux/audit.h lib/); distsync cannot reproduce a file of the build host in source-git',
      file: 'SOURCES/audit-3.0.8-flex-array-workaround.patch',
      next: /^remove %prep line 105 and make audit-3\.0\.8-flex-array-workaround\.patch create lib\/audit\.h whole \(the build host's \/usr\/include\/linux\/audit\.h with the patch's change/,
    },
  },
];

/**
 * CORPUS_ONLY=key1,key2 runs only those packages (the whole corpus is slow);
 * a name that is not in CASES is an error, so a typo cannot pass with nothing run.
 */
const only = (process.env['CORPUS_ONLY'] ?? '').split(',').map((k) => k.trim()).filter(Boolean);
const unknown = only.filter((k) => !CASES.some((c) => c.key === k));
if (unknown.length > 0) throw new Error(`CORPUS_ONLY names packages that are not in CASES: ${unknown.join(', ')}`);
const SELECTED = only.length > 0 ? CASES.filter((c) => only.includes(c.key)) : CASES;

const RUNS = SELECTED.filter((c) => !c.refuses).flatMap((c) => [{ ...c, from: 'tarball' as const }, ...(c.bundle ? [{ ...c, from: 'git' as const }] : [])]);
const REFUSED = SELECTED.filter((c) => c.refuses);

/** An optional package that the shared corpus does not have: its tests are skipped, and the title says why. */
const absent = (c: Case) => c.optional === true && !inSharedCorpus(c.key);
const title = (c: Case, what: string) => (absent(c) ? `${c.key}: ${what} — skipped, ${NOT_IN_SHARED}` : `${c.key}: ${what}`);

for (const c of REFUSED) describe.skipIf(absent(c))(title(c, 'distsync cannot reproduce it, init says why and writes nothing'), () => {
  let pkg: SharedPackage;
  afterAll(() => removeDirs(pkg.dir));

  it('init refuses with the exact error (what, where, what to do) and leaves no source-git; dist-git is untouched', async () => {
    pkg = makeSharedPackage(tempDir(`refused-${c.key}`), c.key);
    assertTools(c.key, pkg.tools);
    const sourceGit = join(pkg.dir, 'source-git');
    const head = git(pkg.distGit, 'rev-parse', 'HEAD');
    const err = await initSourceGit(
      { log: createMemoryLogger() },
      { upstreamRef: c.ref, sourceGitDir: sourceGit, distGitDir: pkg.distGit, lookasideDir: pkg.lookaside, fromTarball: true, macros: { defines: c.el9 ? { dist: '.el9', rhel: '9' } : {} } },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DistsyncError);
    const e = err as DistsyncError;
    expect({ code: e.code, message: e.message, file: e.file }).toEqual({ code: 'bad-patch', message: c.refuses!.message, file: c.refuses!.file });
    expect(e.next).toMatch(c.refuses!.next);
    expect(e.next).not.toMatch(/refresh/);
    expect(existsSync(sourceGit) ? readdirSync(sourceGit) : []).toEqual([]);
    expect(git(pkg.distGit, 'rev-parse', 'HEAD')).toBe(head);
    expect(status(pkg.distGit)).toBe('');
  }, 300_000);
});

for (const c of RUNS) describe.skipIf(absent(c))(title(c, `from ${c.from}: init, no-op update, one new commit, rpmbuild -bp + verify`), () => {
  const deps: RunDeps = { log: createMemoryLogger() };
  const defines: [string, string][] = c.el9 ? [['dist', '.el9'], ['rhel', '9']] : [];
  let pkg: SharedPackage;
  let sourceGit: string;

  beforeAll(async () => {
    if (c.rpmEval) deps.rpmSandbox = await probeSandbox();
    pkg = makeSharedPackage(tempDir(`every-${c.key}`), c.key);
    assertTools(c.key, pkg.tools);
    sourceGit = join(pkg.dir, 'source-git');
    if (c.from === 'git') {
      git(pkg.dir, 'clone', '-q', '--no-checkout', join(sharedCorpus(), c.key, 'upstream', c.bundle!), sourceGit);
      git(sourceGit, 'checkout', '-q', '-B', 'main', c.ref);
    }
    await initSourceGit(deps, {
      upstreamRef: c.ref,
      sourceGitDir: sourceGit,
      distGitDir: pkg.distGit,
      lookasideDir: pkg.lookaside,
      fromTarball: c.from === 'tarball',
      macros: { defines: Object.fromEntries(defines) },
    });
  }, 300_000);
  afterAll(() => removeDirs(pkg.dir));

  it('update-dist-git right after init leaves dist-git byte-identical', async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit });
    expect({ changed: res.changed, files: res.files, updated: res.updated }).toEqual({ changed: false, files: [], updated: [] });
    expect(status(pkg.distGit)).toBe('');
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit })).state).toBe('in-sync');
  }, 300_000); // ndctl (192 patches): 33 s on a loaded 2-core machine; vitest's 60 s default is too tight for real packages

  it('one new commit → one new patch and its tag (+ %patch line); rpmbuild -bp has the change; verify ok', async () => {
    const mark = pkg.marks.find((m) => existsSync(join(sourceGit, m)));
    expect(mark, `none of ${pkg.marks.join(', ')} is in source-git`).toBeDefined();
    appendFileSync(join(sourceGit, mark!), '\ndownstream note from source-git\n');
    git(sourceGit, 'commit', '-q', '-am', 'README: downstream note');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit, message: 'Add a downstream note' });
    expect({ added: res.added.length, updated: res.updated, removed: res.removed }).toEqual({ added: 1, updated: [], removed: [] });
    const changed = git(pkg.distGit, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();
    expect(changed).toEqual([pkg.specPath, join(pkg.patchDir, res.added[0]!)].sort());
    const specDiff = git(pkg.distGit, 'show', '--format=', 'HEAD', '--', pkg.specPath);
    const plus = specDiff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    const minus = specDiff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
    expect(minus).toEqual([]);
    expect(plus.filter((l) => /^\+Patch\d+:/i.test(l))).toHaveLength(1);
    expect(plus.length).toBeGreaterThanOrEqual(1);
    expect(plus.length).toBeLessThanOrEqual(3);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: pkg.distGit, lookasideDir: pkg.lookaside, defines, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      // %prep may move the tree (ldns: mv ldns-1.7.1 ldns-1.7.1_python3): look for the file by content
      const base = mark!.split('/').pop()!;
      const hits = readdirSync(v.buildDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.split('/').pop() === base);
      expect(hits.some((f) => readFileSync(join(v.buildDir, f), 'utf8').includes('downstream note from source-git'))).toBe(true);
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 300_000);
});
