import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { probeSandbox, type RpmSandbox } from '../../src/rpm/index.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { makeTinyPackage, TAIL } from '../helpers/tiny-package.js';

/**
 * Issue 10 class 6 on a package we wrote, shaped like el9 libnvme
 * (fixtures/corpus-el9/README.md): the spec's first line defines a macro
 * through `%{shrink:%(…)}` (the version with `~` turned into `-`), and both
 * Source0's file name and `%autosetup -n` use it. Without --eval-with-rpm
 * distsync runs no spec code, so init refuses before writing anything; with
 * it (real rpmspec in the sandbox) the package makes the whole round trip,
 * checked by real rpmbuild -bp.
 */
const SPEC = `%{!?version_plain: %define version_plain %{shrink:%(echo '%{version}' | tr '~' '-')}}
Name:           nvmish
Version:        2.0~rc1
Release:        1
Summary:        test package
License:        MIT
URL:            https://example.org/nvmish
Source0:        %{url}/archive/v%{version_plain}/%{name}-%{version_plain}.tar.gz
Patch0:         0001-readme-typo.patch

%description
Source0 named through a shell macro.

%prep
%autosetup -p1 -n %{name}-%{version_plain}
${TAIL}`;

const PATCH = 'From: Upstream Dev <dev@example.org>\nSubject: [PATCH] readme: typo\n\n---\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-nvmsh\n+nvmish\n';

describe('class 6: Source0 and %autosetup -n named through %{shrink:%(…)} (as el9 libnvme)', () => {
  let dir: string, distGit: string, lookaside: string, sourceGit: string;
  let sandbox: RpmSandbox;
  const withRpm = () => ({ log: createMemoryLogger(), rpmSandbox: sandbox });
  const init = (deps: { log: ReturnType<typeof createMemoryLogger>; rpmSandbox?: RpmSandbox }) =>
    initSourceGit(deps, { upstreamRef: 'v2.0-rc1', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });

  beforeAll(async () => {
    sandbox = await probeSandbox();
    dir = tempDir('eval-source-name');
    ({ distGit, lookaside } = makeTinyPackage(dir, {
      name: 'nvmish',
      spec: SPEC,
      tarballs: { 'nvmish-2.0-rc1.tar.gz': { 'nvmish-2.0-rc1/README.md': 'nvmsh\n', 'nvmish-2.0-rc1/src/nvme.c': 'int nvme;\n' } },
      files: { '0001-readme-typo.patch': PATCH },
    }));
    sourceGit = join(dir, 'source-git');
  });
  afterAll(() => removeDirs(dir));

  it('without --eval-with-rpm: init refuses, naming Source0, the %(…) and the flag; no source-git, dist-git untouched', async () => {
    const head = git(distGit, 'rev-parse', 'HEAD');
    const e = await init({ log: createMemoryLogger() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DistsyncError);
    const err = e as DistsyncError;
    expect(err.code).toBe('bad-spec');
    expect(err.message).toContain("Source0 names '%{url}/archive/v%{version_plain}/%{name}-%{version_plain}.tar.gz'");
    expect(err.message).toContain("%(echo '%{version}' | tr '~' '-')");
    expect(err.next).toMatch(/^pass --eval-with-rpm/);
    expect(existsSync(sourceGit) ? readdirSync(sourceGit) : []).toEqual([]);
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(head);
    expect(status(distGit)).toBe('');
  });

  it('with it: init finds nvmish-2.0-rc1.tar.gz and its directory, applies Patch0; a no-op update is byte-identical', async () => {
    const res = await init(withRpm());
    expect(res.commits.map((c) => c.patch)).toEqual(['0001-readme-typo.patch']);
    expect(readFileSync(join(sourceGit, 'README.md'), 'utf8')).toBe('nvmish\n');
    const up = await updateDistGit(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit });
    expect({ changed: up.changed, files: up.files }).toEqual({ changed: false, files: [] });
    expect(status(distGit)).toBe('');
  }, 60_000);

  it('one new commit → one new patch; the spec keeps its macros; real rpmbuild -bp has the change (verify)', async () => {
    appendFileSync(join(sourceGit, 'src/nvme.c'), 'int queues = 4;\n');
    git(sourceGit, 'commit', '-q', '-am', 'nvme: four queues');
    const up = await updateDistGit(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit, message: 'queues' });
    expect(up.added).toHaveLength(1);
    const spec = readFileSync(join(distGit, 'nvmish.spec'), 'utf8');
    expect(spec.startsWith(SPEC.split('\n')[0]!)).toBe(true);
    expect(spec).toContain('Source0:        %{url}/archive/v%{version_plain}/%{name}-%{version_plain}.tar.gz\n');
    expect(spec).toContain(`Patch1:         ${up.added[0]}\n`);
    const v = await verify(withRpm(), { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, keep: true });
    try {
      expect(v.mismatches).toEqual([]);
      expect(v.patchesApplied).toBe(2);
      expect(readFileSync(join(v.buildDir, 'src/nvme.c'), 'utf8')).toBe('int nvme;\nint queues = 4;\n');
    } finally {
      removeDirs(join(v.buildDir, '..', '..', '..'));
    }
  }, 120_000);
});
