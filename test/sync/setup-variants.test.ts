import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { git, hashOf, removeDirs, status, tempDir } from '../helpers/corpus.js';

const deps = { log: createMemoryLogger() };

/** A flat dist-git for 'var' 1.0 with the given %prep and tarballs (name → files under their top dir). */
function makePackage(dir: string, prep: string, tarballs: Record<string, Record<string, string>>, patches: Record<string, string> = {}) {
  const lookaside = join(dir, 'lookaside');
  mkdirSync(lookaside, { recursive: true });
  for (const [name, files] of Object.entries(tarballs)) {
    const stage = join(dir, 'stage', name);
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(join(stage, p, '..'), { recursive: true });
      writeFileSync(join(stage, p), c);
    }
    execFileSync('tar', ['-czf', join(lookaside, name), '-C', stage, '.']);
  }
  const distGit = join(dir, 'dist-git');
  mkdirSync(distGit, { recursive: true });
  const sources = Object.keys(tarballs).map((n, i) => `Source${i}:        ${n}`).join('\n');
  const tags = Object.keys(patches).map((n, i) => `Patch${i}:         ${n}`).join('\n');
  writeFileSync(join(distGit, 'var.spec'), `Name:           var\nVersion:        1.0\nRelease:        1%{?dist}\nSummary:        variants\nLicense:        MIT\n${sources}\n${tags}\n\n%description\nVariants.\n\n%prep\n${prep}\n\n%build\n\n%files\n\n%changelog\n* Sun Nov 22 2026 T <t@example.org> - 1.0-1\n- first\n`);
  for (const [n, c] of Object.entries(patches)) writeFileSync(join(distGit, n), c);
  writeFileSync(join(distGit, 'sources'), Object.keys(tarballs).map((n) => `SHA512 (${n}) = ${hashOf(join(lookaside, n), 'sha512')}\n`).join(''));
  git(dir, 'init', '-q', distGit);
  git(distGit, 'add', '-A');
  git(distGit, 'commit', '-q', '-m', 'var 1.0');
  return { distGit, lookaside, sourceGit: join(dir, 'source-git') };
}

describe('%setup variants proven with rpmbuild -bp', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('variants')));
  afterEach(() => removeDirs(dir));

  it('%setup -q -b 1: a second tarball unpacking into the same directory is imported as its own commit', async () => {
    const r = makePackage(
      dir,
      '%setup -q -b 1\n%patch -P 0 -p1',
      { 'var-1.0.tar.gz': { 'var-1.0/README': 'var\n' }, 'var-docs-1.0.tar.gz': { 'var-1.0/docs/manual.txt': 'manual v1\n' } },
      { 'docs.patch': '--- a/docs/manual.txt\n+++ b/docs/manual.txt\n@@ -1 +1 @@\n-manual v1\n+manual v2\n' },
    );
    const init = await initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookasideDir: r.lookaside, fromTarball: true });
    expect(init.commits.map((c) => c.patch)).toEqual(['docs.patch']);
    expect(readFileSync(join(r.sourceGit, 'docs/manual.txt'), 'utf8')).toBe('manual v2\n');
    expect(git(r.sourceGit, 'log', '--format=%s', 'v1.0..HEAD')).toContain('Add Source1 var-docs-1.0.tar.gz (%setup -b 1)');
    expect((await updateDistGit(deps, { sourceGitDir: r.sourceGit, distGitDir: r.distGit })).changed).toBe(false);
    expect((await verify(deps, { sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookasideDir: r.lookaside })).mismatches).toEqual([]);
  });

  it('%autosetup -S git: a binary change becomes a git binary patch that rpm applies', async () => {
    const r = makePackage(dir, '%autosetup -S git -p1', { 'var-1.0.tar.gz': { 'var-1.0/README': 'var\n' } });
    await initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookasideDir: r.lookaside, fromTarball: true });
    writeFileSync(join(r.sourceGit, 'logo.bin'), Buffer.from([0, 1, 2, 3, 255, 0, 7, 9]));
    git(r.sourceGit, 'add', '-A');
    git(r.sourceGit, 'commit', '-q', '-m', 'add a binary logo');
    const res = await updateDistGit(deps, { sourceGitDir: r.sourceGit, distGitDir: r.distGit, message: 'binary' });
    expect(res.added).toEqual(['0001-add-a-binary-logo.patch']);
    expect(readFileSync(join(r.distGit, res.added[0]!), 'utf8')).toContain('GIT binary patch');
    expect(status(r.distGit)).toBe('');
    const v = await verify(deps, { sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookasideDir: r.lookaside });
    expect(v.mismatches).toEqual([]);
  });

  it('a -b tarball that unpacks beside the main directory is refused with the reason', async () => {
    const r = makePackage(dir, '%setup -q -b 1', { 'var-1.0.tar.gz': { 'var-1.0/README': 'var\n' }, 'other.tar.gz': { 'other-dir/x': 'x\n' } });
    await expect(initSourceGit(deps, { upstreamRef: 'v1.0', sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookasideDir: r.lookaside, fromTarball: true })).rejects.toMatchObject({
      code: 'bad-spec',
      message: expect.stringContaining('other.tar.gz unpacks to other-dir, but %setup expects var-1.0/'),
    });
  });
});
