import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { cloneUpstream, FIXTURES, git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

/**
 * Source-git for a rebuild dist-git: the real lz4 dist-git carrying Open Patch directives in PATCHES/,
 * applied with `openpatch apply`; `source-git init` keeps the directive files in .distro/PATCHES/ and
 * update-dist-git gives back the same rebuild tree, then carries a source-git fix without touching them.
 */
describe('source-git on an OpenELA-style rebuild dist-git (lz4 + PATCHES/)', () => {
  const dir = tempDir('openpatch-sg');
  afterAll(() => removeDirs(dir));
  const dg = makeDistGit(dir, 'lz4');
  const lookaside = makeLookaside(dir, 'lz4');
  cpSync(join(FIXTURES, 'openpatch', 'lz4-rebuild', 'PATCHES'), join(dg, 'PATCHES'), { recursive: true });
  git(dg, 'add', '-A');
  git(dg, 'commit', '-q', '-m', 'Add OpenELA directives');
  const sg = cloneUpstream(dir, 'lz4', 'v1.9.3');
  const tree = (repo: string, ref = 'HEAD') => git(repo, 'ls-tree', '-r', ref);

  it('apply, init, status, update-dist-git: the rebuild tree comes back unchanged; the directives live in .distro/PATCHES/', async () => {
    const applied = await run(['openpatch', 'apply', '-m', 'Rebuild with OpenELA directives', dg, dg]);
    expect(applied.code).toBe(0);
    expect(git(dg, 'show', 'HEAD:SPECS/lz4.spec')).toContain('Patch2: 0100-openela-readme.patch\n');
    const rebuilt = tree(dg);
    const init = await run(['source-git', 'init', '--lookaside', lookaside, 'v1.9.3', sg, dg]);
    expect(init.err).toContain('imported 0100-openela-readme.patch');
    expect(init.code).toBe(0);
    for (const f of ['lz4.cfg', '0100-openela-readme.patch']) {
      expect(readFileSync(join(sg, '.distro', 'PATCHES', f))).toEqual(readFileSync(join(FIXTURES, 'openpatch', 'lz4-rebuild', 'PATCHES', f)));
    }
    expect(git(sg, 'log', '--format=%s', '-2')).toBe('Apply 0100-openela-readme.patch\nFix potential memory corruption with negative memmove() size\n');
    expect((await run(['source-git', 'status', sg, dg])).out).toMatch(/^in-sync/);
    const update = await run(['source-git', 'update-dist-git', '-m', 'sync', sg, dg]);
    expect(update.code).toBe(0);
    expect(tree(dg)).toBe(rebuilt);
  });

  it('a source-git fix becomes a new patch in dist-git; the directive files and their effects stay byte for byte', async () => {
    const before = tree(dg);
    writeFileSync(join(sg, 'NEWS'), `${readFileSync(join(sg, 'NEWS'), 'utf8')}\nrebuild note\n`);
    git(sg, 'commit', '-q', '-am', 'Add a rebuild note to NEWS');
    const update = await run(['source-git', 'update-dist-git', '-m', 'Add a rebuild note', sg, dg]);
    expect(update.code).toBe(0);
    const spec = git(dg, 'show', 'HEAD:SPECS/lz4.spec');
    expect(spec).toContain('Patch2: 0100-openela-readme.patch\n# Add a rebuild note to NEWS\nPatch3: 0003-Add-a-rebuild-note-to-NEWS.patch\n');
    expect(spec).toMatch(/Release: +5%\{\?dist\}\.openela\.1\n/);
    const keep = (t: string) => t.split('\n').filter((l) => /\tPATCHES\/|\tSOURCES\/0100-openela-readme\.patch$/.test(l));
    expect(keep(tree(dg))).toEqual(keep(before));
    expect(keep(before)).toHaveLength(3);
    expect(status(dg)).toBe('');
  });
});
