import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, hashOf } from './corpus.js';

/** Write files (path → content) under root. */
function tree(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}

const SPEC = `Name:           demo
Version:        1.0
Release:        1%{?dist}
Summary:        every %prep style in one package
License:        MIT
Source0:        demo-%{version}.tar.gz
Source1:        extras-%{version}.tar.gz
# readme fix
Patch0:         readme.patch
Patch1:         util-in-lib.patch
Patch2:         main-p0.patch
Patch3:         readme-p2.patch
Patch4:         s390-only.patch
Patch5:         extras-data.patch

%description
A package whose %prep uses every style distsync must handle.

%prep
%setup -q -a 1
%patch -P 0 -p1 -b .readme
pushd lib
%patch -P 1 -p1
popd
%patch -P 2 -p0
%patch -P 3 -p2
%ifarch s390x
%patch -P 4 -p1
%endif
%patch -P 5 -p1

%build

%files

%changelog
* Sun Nov 22 2026 Test Packager <test@example.org> - 1.0-1
- first
`;

/**
 * A Fedora-layout dist-git (flat, `sources` with SHA512) for 'demo' with two
 * tarballs and patches for every %prep style, plus a lookaside dir with the
 * tarballs. Patches are real `diff -u` output made here.
 */
export function makeSyntheticPackage(dir: string): { distGit: string; lookaside: string } {
  const up = join(dir, 'upstream');
  const orig = { 'README': 'demo\nline two\n', 'src/main.c': 'int main(void) { return 0; }\n', 'lib/util.c': 'int util(void) { return 1; }\n', 'arch.txt': 'generic\n' };
  tree(join(up, 'demo-1.0'), orig);
  tree(join(up, 'x', 'extras'), { 'extras/data.txt': 'data v1\n' });
  const lookaside = join(dir, 'lookaside');
  mkdirSync(lookaside, { recursive: true });
  execFileSync('tar', ['-czf', join(lookaside, 'demo-1.0.tar.gz'), '-C', up, 'demo-1.0']);
  execFileSync('tar', ['-czf', join(lookaside, 'extras-1.0.tar.gz'), '-C', join(up, 'x', 'extras'), 'extras']);
  const distGit = join(dir, 'dist-git');
  mkdirSync(distGit, { recursive: true });
  const patch = (name: string, text: string) => writeFileSync(join(distGit, name), text);
  patch('readme.patch', 'Fix the readme\n\n--- a/README\n+++ b/README\n@@ -1,2 +1,2 @@\n demo\n-line two\n+line two, fixed\n');
  patch('util-in-lib.patch', '--- a/util.c\n+++ b/util.c\n@@ -1 +1 @@\n-int util(void) { return 1; }\n+int util(void) { return 2; }\n');
  patch('main-p0.patch', '--- src/main.c\n+++ src/main.c\n@@ -1 +1 @@\n-int main(void) { return 0; }\n+int main(void) { return 42; }\n');
  patch('readme-p2.patch', 'diff -up demo-1.0.orig/x/README demo-1.0/x/README\n--- a/demo/README\n+++ b/demo/README\n@@ -1,2 +1,3 @@\n demo\n line two, fixed\n+third line\n');
  patch('s390-only.patch', '--- a/arch.txt\n+++ b/arch.txt\n@@ -1 +1 @@\n-generic\n+s390x\n');
  patch('extras-data.patch', '--- a/extras/data.txt\n+++ b/extras/data.txt\n@@ -1 +1 @@\n-data v1\n+data v2\n');
  writeFileSync(join(distGit, 'demo.spec'), SPEC);
  const sums = ['demo-1.0.tar.gz', 'extras-1.0.tar.gz'].map((f) => `SHA512 (${f}) = ${hashOf(join(lookaside, f), 'sha512')}\n`).join('');
  writeFileSync(join(distGit, 'sources'), sums);
  writeFileSync(join(distGit, '.gitignore'), '/demo-1.0.tar.gz\n/extras-1.0.tar.gz\n');
  git(dir, 'init', '-q', distGit);
  git(distGit, 'add', '-A');
  git(distGit, 'commit', '-q', '-m', 'demo 1.0-1');
  return { distGit, lookaside };
}
