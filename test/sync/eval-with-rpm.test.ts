import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { DistsyncError } from '../../src/core/errors.js';
import { probeSandbox, type RpmSandbox } from '../../src/rpm/index.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { evalWithRpm } from '../../src/sync/eval-with-rpm.js';
import { expandMacros, listTags, parseSpec, tagFileName } from '../../src/core/spec/index.js';
import { thrown } from '../helpers/thrown.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { makeTinyPackage, TAIL } from '../helpers/tiny-package.js';

async function rejected(p: Promise<unknown>): Promise<DistsyncError> {
  const e = await p.then(() => new Error('no error'), (x: unknown) => x);
  if (!(e instanceof DistsyncError)) throw e;
  return e;
}

/** Issue 10 class 6: Version through %(…) in the dist-git spec; only real rpm (sandboxed, opt-in) knows it. */
describe('--eval-with-rpm: Version: %(echo 1.2.3)', () => {
  const spec = `Name:           shelly
Version:        %(echo 1.2.3)
Release:        1
Summary:        test package
License:        MIT
Source0:        https://example.org/%{name}-%{version}.tar.gz
Patch0:         %{name}-%{version}-docs.patch

%description
Version from a shell macro.

%prep
%autosetup -p1
${TAIL}`;
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  let sandbox: RpmSandbox;
  const plain = { log: createMemoryLogger() };
  const withRpm = () => ({ log: createMemoryLogger(), rpmSandbox: sandbox });

  beforeAll(async () => {
    sandbox = await probeSandbox();
    dir = tempDir('eval-with-rpm');
    ({ distGit, lookaside } = makeTinyPackage(dir, { name: 'shelly', spec, tarballs: { 'shelly-1.2.3.tar.gz': { 'shelly-1.2.3/README': 'shelly\n' } }, files: { 'shelly-1.2.3-docs.patch': '--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n shelly\n+docs\n' } }));
    sourceGit = join(dir, 'source-git');
  });
  afterAll(() => removeDirs(dir));

  it('without the flag: refused, naming the tag, the macro and --eval-with-rpm; nothing ran', async () => {
    const e = await rejected(initSourceGit(plain, { upstreamRef: 'shelly-1.2.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true }));
    expect(e.code).toBe('bad-spec');
    expect(e.format()).toContain("Source0 names 'https://example.org/%{name}-%{version}.tar.gz': its file name needs %(echo 1.2.3)");
    expect(e.next).toMatch(/^pass --eval-with-rpm \(the App: DISTSYNC_EVAL_WITH_RPM=1\) to have real rpm evaluate it in a sandbox/);
  });

  it('with it: init, a no-op update, status in sync, one new commit → one new patch; one warning line per rpm run', async () => {
    const deps = withRpm();
    const res = await initSourceGit(deps, { upstreamRef: 'shelly-1.2.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
    expect(res.upstreamSha).toMatch(/^[0-9a-f]{40}$/);
    expect(res.commits.map((c) => c.patch)).toEqual(['shelly-1.2.3-docs.patch']);
    expect(readFileSync(join(sourceGit, 'README'), 'utf8')).toBe('shelly\ndocs\n');
    expect(deps.log.lines.filter((l) => l.includes('--eval-with-rpm'))).toEqual(['warn: --eval-with-rpm: running rpmspec on shelly.spec in a sandbox (no network, read-only tree) for 1 %(…)/%{lua:…}']);
    expect((await updateDistGit(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit })).changed).toBe(false);
    expect((await syncStatus(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it('the CLI: global and per-command --eval-with-rpm; refused on a command that does not evaluate specs', async () => {
    const global = await runCliCaptured(['--eval-with-rpm', 'source-git', 'status', sourceGit, distGit]);
    expect(global.out).toMatch(/^in-sync: /);
    expect(global.code).toBe(0);
    const perCommand = await runCliCaptured(['source-git', 'status', '--eval-with-rpm', sourceGit, distGit]);
    expect(perCommand.out).toMatch(/^in-sync: /);
    const without = await runCliCaptured(['source-git', 'status', sourceGit, distGit]);
    expect(without.code).toBe(1);
    expect(without.err).toContain('needs %(echo 1.2.3), which distsync does not evaluate');
    expect(without.err).toContain('next: pass --eval-with-rpm');
    const wrong = await runCliCaptured(['--eval-with-rpm', 'source-git', 'update-source-git', distGit, sourceGit]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--eval-with-rpm does not apply to update-source-git');
  });

  it('a new source-git commit: refused without the flag (Patch0 is named through the version); with it, exactly one new patch', async () => {
    appendFileSync(join(sourceGit, 'README'), 'more\n');
    git(sourceGit, 'commit', '-q', '-am', 'readme: more');
    const e = await rejected(updateDistGit(plain, { sourceGitDir: sourceGit, distGitDir: distGit }));
    expect(e.message).toContain("Patch0 names '%{name}-%{version}-docs.patch': its file name needs %(echo 1.2.3)");
    expect(e.next).toContain('--eval-with-rpm');
    const up = await updateDistGit(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit, message: 'more' });
    expect(up.added).toHaveLength(1);
    expect(up.added[0]).toMatch(/readme-more\.patch$/);
    const specText = readFileSync(join(distGit, 'shelly.spec'), 'utf8');
    expect(specText).toContain('Version:        %(echo 1.2.3)\n'); // the spec keeps its macro
    expect(specText).toContain(`Patch1:         ${up.added[0]}\n`);
    // real rpmbuild -bp (verify; rpm runs unsandboxed there, as verify's --help says) applies both patches
    const v = await verify(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(v.mismatches).toEqual([]);
    expect(v.patchesApplied).toBe(2);
  });
});

describe('--eval-with-rpm: file names checked against the names rpm itself read', () => {
  it('a %(…) whose value changes within the spec (macro redefined after the tag) is refused, both names shown', async () => {
    const dir = tempDir('eval-with-rpm-names');
    try {
      const specText = `%global v 1\nName: t\nVersion: 1\nRelease: 1\nSummary: t\nLicense: MIT\nSource0: t-%(echo %{v}).tar.gz\nSource1: plain-%{version}.txt\n%global v 2\n%description\nt\n`;
      writeFileSync(join(dir, 't.spec'), specText);
      const spec = parseSpec(specText, 't.spec');
      const deps = { log: createMemoryLogger(), rpmSandbox: await probeSandbox() };
      const e = await rejected(evalWithRpm(deps, [{ spec, specText, specPath: 't.spec', repoDir: dir, sourceSubdir: '' }], {}));
      expect(e.code).toBe('rpm-eval-failed');
      expect(e.message).toBe("Source0: distsync reads the file name 't-2.tar.gz', rpm reads 't-1.tar.gz': a %(…)/%{lua:…} in it gives another value where rpm reads the tag than at the end of the spec, where --eval-with-rpm asks rpm");
      expect(e.line).toBe(7);
      // the same macro not redefined: the names agree and the value is used
      const fixed = specText.replace('%global v 2\n', '');
      const ctx = await evalWithRpm(deps, [{ spec: parseSpec(fixed, 't.spec'), specText: fixed, specPath: 't.spec', repoDir: dir, sourceSubdir: '' }], {});
      expect(ctx.evaluated).toEqual({ '%(echo %{v})': '1' });
    } finally {
      removeDirs(dir);
    }
  });

  it('a multi-line %global (a backslash-continued shell command) stands in as rpm stores it; the same code continued in a tag is refused, saying why', async () => {
    const dir = tempDir('eval-with-rpm-multi');
    try {
      // line 1 ends in a backslash: rpm's %global body keeps the newline, and drops every backslash once ('a\\b' becomes 'a\b')
      const specText = String.raw`%global v %(printf '%s' 'a\\b' | \
  tr -d x)
Name: t
Version: 1
Release: 1
Summary: t
License: MIT
Source0: t-%{v}.tar.gz
Source1: u-%(echo 1 | \
  cat).txt
%description
t
`;
      writeFileSync(join(dir, 't.spec'), specText);
      const spec = parseSpec(specText, 't.spec');
      const deps = { log: createMemoryLogger(), rpmSandbox: await probeSandbox() };
      const ctx = await evalWithRpm(deps, [{ spec, specText, specPath: 't.spec', repoDir: dir, sourceSubdir: '' }], {});
      // keyed as rpm stores the body: the backslash-newline a newline, `\\` one backslash
      expect(ctx.evaluated).toEqual({ [String.raw`%(printf '%s' 'a\b' | ` + '\n' + '  tr -d x)']: String.raw`a\b` });
      expect(expandMacros(spec, '%{v}', ctx).value).toBe(String.raw`a\b`);
      expect(tagFileName(spec, listTags(spec, 'Source')[0]!, ctx)).toBe(String.raw`t-a\b.tar.gz`);
      const e = thrown(() => tagFileName(spec, listTags(spec, 'Source')[1]!, ctx));
      expect(e.next).toMatch(/^the code macro at line 9 continues onto the next line, and distsync reads a tag one line at a time/);
    } finally {
      removeDirs(dir);
    }
  });
});
