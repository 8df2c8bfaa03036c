import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { proposeDownstream, type ProposeDownstreamResult } from '../../src/sync/propose-downstream.js';
import { verify } from '../../src/sync/verify.js';
import { createLocalLookaside } from '../../src/lookaside/index.js';
import { cloneUpstream, fingerprint, git, hashOf, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

const packager = { name: 'Release Bot', email: 'release@example.org' };
const date = new Date('2026-11-22T12:00:00Z');

describe('propose-downstream lz4 1.9.3 → 1.9.4 (the CVE patch is upstream in 1.9.4)', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string, lookaside: string, store: string, res: ProposeDownstreamResult;

  beforeAll(async () => {
    dir = tempDir('propose-lz4');
    distGit = makeDistGit(dir, 'lz4');
    lookaside = makeLookaside(dir, 'lz4');
    store = join(dir, 'store');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    // init inferred the template from the ref (v1.9.3 → v{version}): tags look like v1.9.4
    expect(readFileSync(join(sourceGit, '.distro/source-git.yaml'), 'utf8')).toMatch(/^upstream_tag_template: v\{version\}$/m);
    res = await proposeDownstream(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookaside: createLocalLookaside(store), packager, date });
  });
  afterAll(() => removeDirs(dir));

  it('finds 1.9.4 as the newest tag and drops the CVE patch as merged upstream', () => {
    expect(res.version).toBe('1.9.4');
    expect(res.tag).toBe('v1.9.4');
    expect(res.report.mergedUpstream.map((m) => m.patch)).toEqual(['lz4-cve-2021-3520.patch']);
    expect(res.report.rebased).toEqual([]);
    expect(res.report.conflicts).toEqual([]);
  });

  it('dist-git branch: Version 1.9.4, Release 1, one changelog entry, no Patch1, new checksum, .gitignore', () => {
    const spec = git(distGit, 'show', `${res.distGitBranch}:SPECS/lz4.spec`);
    expect(spec).toMatch(/^Version:\s+1\.9\.4$/m);
    expect(spec).toMatch(/^Release:\s+1%\{\?dist\}$/m);
    expect(spec).not.toMatch(/^Patch/m);
    const log = spec.slice(spec.indexOf('%changelog'));
    expect(log).toMatch(/^%changelog\n\* Sun Nov 22 2026 Release Bot <release@example.org> - 1\.9\.4-1\n- Update to 1\.9\.4\n- Drop lz4-cve-2021-3520\.patch \(merged upstream\)\n\n\* Mon Aug 09 2021/);
    expect((spec.match(/^\* /gm) ?? []).length).toBe((git(distGit, 'show', 'HEAD:SPECS/lz4.spec').match(/^\* /gm) ?? []).length + 1);
    expect(git(distGit, 'show', `${res.distGitBranch}:.lz4.metadata`)).toBe(`${res.tarball.hash} SOURCES/lz4-1.9.4.tar.gz\n`);
    expect(git(distGit, 'show', `${res.distGitBranch}:.gitignore`)).toContain('SOURCES/lz4-1.9.4.tar.gz');
    const files = git(distGit, 'ls-tree', '-r', '--name-only', res.distGitBranch).trim().split('\n').sort();
    expect(files).toEqual(['.gitignore', '.lz4.metadata', 'SPECS/lz4.spec']);
  });

  it('the tarball is in the lookaside store (hashed layout) and matches the checksum line', () => {
    const stored = join(store, 'lz4', 'lz4-1.9.4.tar.gz', 'sha256', res.tarball.hash, 'lz4-1.9.4.tar.gz');
    expect(existsSync(stored)).toBe(true);
    expect(hashOf(stored, 'sha256')).toBe(res.tarball.hash);
  });

  it('the user checkouts did not move; the source-git branch has upstream_ref v1.9.4 and no patch commit', () => {
    expect(status(sourceGit)).toBe('');
    expect(status(distGit)).toBe('');
    expect(git(distGit, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(git(sourceGit, 'show', `${res.sourceGitBranch}:.distro/source-git.yaml`)).toMatch(/^upstream_ref: v1\.9\.4$/m);
    expect(git(sourceGit, 'rev-list', '--count', `v1.9.4..${res.sourceGitBranch}`).trim()).toBe('1');
  });

  it('rpmbuild -bp prepares the proposed dist-git, and it reproduces the proposed source-git', async () => {
    git(distGit, 'checkout', '-q', res.distGitBranch);
    git(sourceGit, 'checkout', '-q', res.sourceGitBranch);
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: store });
    expect(v.mismatches).toEqual([]);
    expect(v.ok).toBe(true);
    git(distGit, 'checkout', '-q', 'main');
    git(sourceGit, 'checkout', '-q', 'main');
  });

  it('re-running for the same version updates the same branches', async () => {
    const again = await proposeDownstream(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookaside: createLocalLookaside(store), packager, date, version: '1.9.4' });
    expect(again.distGitBranch).toBe(res.distGitBranch);
    expect(git(distGit, 'branch', '--list', 'propose-downstream/*').trim().split('\n')).toHaveLength(1);
  });

  it('refuses a version that is not newer, writing nothing', async () => {
    const before = [fingerprint(sourceGit), fingerprint(distGit)];
    await expect(proposeDownstream(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookaside: createLocalLookaside(store), packager, date, version: '1.9.3' })).rejects.toMatchObject({ code: 'usage' });
    expect([fingerprint(sourceGit), fingerprint(distGit)]).toEqual(before);
  });
});

describe('propose-downstream zlib 1.2.11 → 1.2.13: the mixed case, reported precisely, nothing written', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string, store: string;

  beforeAll(async () => {
    dir = tempDir('propose-zlib');
    distGit = makeDistGit(dir, 'zlib');
    const lookaside = makeLookaside(dir, 'zlib');
    store = join(dir, 'store');
    sourceGit = cloneUpstream(dir, 'zlib', 'v1.2.11');
    await initSourceGit(deps, { upstreamRef: 'v1.2.11', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(readFileSync(join(sourceGit, '.distro/source-git.yaml'), 'utf8')).toMatch(/^upstream_tag_template: v\{version\}$/m);
  });
  afterAll(() => removeDirs(dir));

  it('drops the patches upstream has, rebases the rest, and stops on conflicts with their files', async () => {
    const before = [fingerprint(sourceGit), fingerprint(distGit)];
    const err = (await proposeDownstream(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookaside: createLocalLookaside(store), packager, date, version: '1.2.13' }).then(
      () => null,
      (e: unknown) => e,
    )) as { code: string; message: string; next: string } | null;
    expect(err?.code).toBe('conflict');
    const lines = err!.message.split('\n').map((l) => l.trim());
    for (const p of ['zlib-1.2.11-Limit-hash-table-inserts.patch', 'zlib-1.2.11-cve-2022-37434.patch', 'zlib-1.2.11-cve-2022-37434_2.patch']) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^merged upstream: ${p.replace(/\./g, '\\.')} \\(`)));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^rebased: zlib-1\.2\.5-minizip-fixuncrypt\.patch \(/));
    expect(lines).toContainEqual(expect.stringMatching(/^CONFLICT: zlib-1\.2\.11-IBM-Z-hw-accelrated-deflate-s390x\.patch \([0-9a-f]{12}\) in deflate\.c, trees\.c$/));
    expect(lines).toContainEqual(expect.stringMatching(/^CONFLICT: zlib-1\.2\.11-IBM-Z-hw-accelrated-deflate-fix\.patch .*\(after the conflict in zlib-1\.2\.11-IBM-Z-hw-accelrated-deflate-s390x\.patch\)$/));
    expect(err!.next).toContain('rebase --onto v1.2.13');
    expect(err!.next).toContain('nothing was written');
    expect([fingerprint(sourceGit), fingerprint(distGit)]).toEqual(before);
    expect(git(sourceGit, 'branch', '--list', 'propose-downstream/*').trim()).toBe('');
    expect(existsSync(store)).toBe(false);
  });
});
