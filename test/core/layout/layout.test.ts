import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayout, distGitToDistro, distroToDistGit, parseDistGitBranch, type DistGitLayout } from '../../../src/core/layout/index.js';
import { CORPUS } from '../../helpers/corpus.js';
import { thrown } from '../../helpers/thrown.js';

/** git ls-files of a corpus dist-git (fixtures/corpus/<pkg>/distgit, verbatim from the repos in NOTES.md). */
function lsFiles(pkg: string): string[] {
  const root = join(CORPUS, pkg, 'distgit');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [relative(root, join(dir, d.name))]));
  return walk(root).sort();
}

/** openela-main/nginx el9 (corpus openpatch/e2e): SPECS + SOURCES + a PATCHES/ directory of OpenPatch directives. */
const NGINX = '.gitignore .nginx.metadata PATCHES/404.html PATCHES/50x.html PATCHES/index.html PATCHES/pages.cfg PATCHES/poweredby.png SOURCES/0001-remove-Werror-in-upstream-build-scripts.patch SOURCES/0002-fix-PIDFile-handling.patch SOURCES/404.html SOURCES/50x.html SOURCES/README.dynamic SOURCES/UPGRADE-NOTES-1.6-to-1.10 SOURCES/macros.nginxmods.in SOURCES/maxim.key SOURCES/nginx-logo.png SOURCES/nginx.conf SOURCES/nginx.service SOURCES/nginxmods.attr SPECS/nginx.spec'.split(
  ' ',
);

const err = thrown;

describe('detectLayout on the corpus', () => {
  it.each([
    ['lz4', { kind: 'centos', pkgName: 'lz4', specPath: 'SPECS/lz4.spec', sourcesDir: 'SOURCES', checksumPath: '.lz4.metadata', checksumKind: 'centos-metadata' }],
    ['zstd', { kind: 'centos', pkgName: 'zstd', specPath: 'SPECS/zstd.spec', sourcesDir: 'SOURCES', checksumPath: '.zstd.metadata', checksumKind: 'centos-metadata' }],
    ['jq', { kind: 'centos', pkgName: 'jq', specPath: 'SPECS/jq.spec', sourcesDir: 'SOURCES', checksumPath: '.jq.metadata', checksumKind: 'centos-metadata' }],
    ['zlib', { kind: 'centos', pkgName: 'zlib', specPath: 'SPECS/zlib.spec', sourcesDir: 'SOURCES', checksumPath: '.zlib.metadata', checksumKind: 'centos-metadata' }],
    ['zstd-fedora', { kind: 'fedora', pkgName: 'zstd', specPath: 'zstd.spec', sourcesDir: '', checksumPath: 'sources', checksumKind: 'fedora-sources' }],
  ] as [string, DistGitLayout][])('%s', (pkg, expected) => {
    expect(detectLayout(lsFiles(pkg))).toEqual(expected);
  });

  it('every corpus file maps to .distro/ and back, without two files meeting', () => {
    for (const pkg of ['lz4', 'zstd', 'jq', 'zlib', 'zstd-fedora']) {
      const files = lsFiles(pkg);
      const layout = detectLayout(files);
      const mapped = files.map((f) => distGitToDistro(layout, f));
      expect(new Set(mapped).size).toBe(files.length);
      expect(mapped.map((d) => distroToDistGit(layout, d))).toEqual(files);
    }
  });

  it('nginx (OpenELA, with PATCHES/) maps too', () => {
    const layout = detectLayout(NGINX);
    expect(layout).toMatchObject({ kind: 'centos', pkgName: 'nginx', checksumPath: '.nginx.metadata' });
    const mapped = NGINX.map((f) => distGitToDistro(layout, f));
    expect(mapped).toContain('.distro/nginx.spec');
    expect(mapped).toContain('.distro/PATCHES/404.html');
    expect(mapped).toContain('.distro/404.html');
    expect(new Set(mapped).size).toBe(NGINX.length);
    expect(mapped.map((d) => distroToDistGit(layout, d))).toEqual(NGINX);
  });

  it('CentOS without .NAME.metadata: another .X.metadata, then checksums, then none', () => {
    expect(detectLayout(['SPECS/a.spec', '.other.metadata']).checksumPath).toBe('.other.metadata');
    expect(detectLayout(['SPECS/a.spec', 'checksums'])).toMatchObject({ checksumPath: 'checksums', checksumKind: 'checksums' });
    expect(detectLayout(['SPECS/a.spec', 'SOURCES/a.patch'])).toMatchObject({ checksumPath: null, checksumKind: null });
    expect(detectLayout(['a.spec'])).toMatchObject({ kind: 'fedora', checksumPath: null });
  });

  it('no spec, several specs, a wrong --pkg-name -> bad-layout with the next step', () => {
    const none = err(() => detectLayout(['README.md', 'sources', 'tests/x.spec']));
    expect(none.code).toBe('bad-layout');
    expect(none.message).toMatch(/no spec file/);
    const two = err(() => detectLayout(['a.spec', 'b.spec', 'sources']));
    expect(two.message).toMatch(/several spec files: a\.spec, b\.spec/);
    expect(two.next).toMatch(/--pkg-name a/);
    expect(detectLayout(['a.spec', 'b.spec', 'sources'], { pkgName: 'b' })).toMatchObject({ pkgName: 'b', specPath: 'b.spec' });
    expect(err(() => detectLayout(['a.spec'], { pkgName: 'c' })).message).toMatch(/no spec file for package c.*a\.spec/);
    expect(err(() => detectLayout(['x.spec', 'SPECS/x.spec'])).next).toMatch(/keep either/);
    expect(err(() => detectLayout(['bad name.spec'])).message).toMatch(/not an rpm package name/);
  });
});

describe('distGitToDistro / distroToDistGit', () => {
  const fedora = { kind: 'fedora' } as const;
  const centos = { kind: 'centos' } as const;

  it('Fedora: x <-> .distro/x', () => {
    for (const p of ['zstd.spec', 'sources', '.gitignore', 'pzstd.1.patch', 'tests/tests.yml']) {
      expect(distGitToDistro(fedora, p)).toBe(`.distro/${p}`);
      expect(distroToDistGit(fedora, `.distro/${p}`)).toBe(p);
    }
  });

  it('CentOS: SPECS/x.spec, SOURCES/f and top-level files', () => {
    const cases: [string, string][] = [
      ['SPECS/zlib.spec', '.distro/zlib.spec'],
      ['SOURCES/zlib-1.2.11-covscan-issues.patch', '.distro/zlib-1.2.11-covscan-issues.patch'],
      ['.zlib.metadata', '.distro/.zlib.metadata'],
      ['.gitignore', '.distro/.gitignore'],
      ['gating.yaml', '.distro/gating.yaml'],
      ['tests/smoke/runtest.sh', '.distro/tests/smoke/runtest.sh'],
      ['SPECS/notes.txt', '.distro/SPECS/notes.txt'],
    ];
    for (const [dg, distro] of cases) {
      expect(distGitToDistro(centos, dg)).toBe(distro);
      expect(distroToDistGit(centos, distro)).toBe(dg);
    }
  });

  it.each([
    ['fedora', '../../x.patch', /'\.\.'/],
    ['fedora', '/etc/passwd', /absolute/],
    ['fedora', 'a\0b.patch', /control/],
    ['fedora', 'x\n.patch', /control/],
    ['centos', '.git/config', /\.git/],
    ['fedora', 'source-git.yaml', /distsync's own/],
    ['centos', 'SOURCES/gating.yaml', /top-level gating\.yaml/],
    ['centos', 'SOURCES/other.spec', /SPECS\/other\.spec/],
    ['centos', 'SOURCES/sub/file', /top-level sub\/file/],
    ['centos', 'README.txt', /SOURCES\/README\.txt/],
    ['centos', 'SOURCES/source-git.yaml', /distsync's own/],
  ] as const)('%s: distGitToDistro(%j) -> bad-layout', (kind, path, message) => {
    const e = err(() => distGitToDistro({ kind }, path));
    expect(e.code).toBe('bad-layout');
    expect(e.message).toMatch(message);
  });

  it.each([
    ['fedora', 'x.spec', /not in \.distro/],
    ['fedora', '.distro/../x', /'\.\.'/],
    ['fedora', '.distro/source-git.yaml', /distsync's own/],
    ['centos', '.distro/SPECS/x.spec', /write it as \.distro\/x\.spec/],
    ['centos', '.distro/SOURCES/f.patch', /write it as \.distro\/f\.patch/],
  ] as const)('%s: distroToDistGit(%j) -> bad-layout', (kind, path, message) => {
    const e = err(() => distroToDistGit({ kind }, path));
    expect(e.code).toBe('bad-layout');
    expect(e.message).toMatch(message);
  });
});

describe('parseDistGitBranch', () => {
  it.each([
    ['rawhide', { distro: 'fedora', contrib: false }],
    ['f41', { distro: 'fedora', version: 41, dist: '.fc41', contrib: false }],
    ['el9', { distro: 'rhel', version: 9, dist: '.el9', contrib: false }],
    ['el-9.2', { distro: 'rhel', version: 9, minor: 2, dist: '.el9_2', contrib: false }],
    ['el9_2', { distro: 'rhel', version: 9, minor: 2, dist: '.el9_2', contrib: false }],
    ['rhel-9.2.0', { distro: 'rhel', version: 9, minor: 2, dist: '.el9_2', contrib: false }],
    ['c9s', { distro: 'centos-stream', version: 9, dist: '.el9', contrib: false }],
    ['c8s-stream-nodejs-16', { distro: 'centos-stream', version: 8, dist: '.el8', stream: 'nodejs-16', contrib: false }],
    ['el9-stream-X', { distro: 'rhel', version: 9, dist: '.el9', stream: 'X', contrib: false }],
    ['el9-modulemd-X', { distro: 'rhel', version: 9, dist: '.el9', modulemd: 'X', contrib: false }],
    ['el9-contrib', { distro: 'rhel', version: 9, dist: '.el9', contrib: true }],
    ['c9s-contrib', { distro: 'centos-stream', version: 9, dist: '.el9', contrib: true }],
    ['epel9', { distro: 'unknown', version: 9, dist: '.el9', contrib: false }],
    ['main', { distro: 'unknown', contrib: false }],
    ['feature/x', { distro: 'unknown', contrib: false }],
  ])('%s', (name, expected) => {
    expect(parseDistGitBranch(name)).toEqual(expected);
  });
});
