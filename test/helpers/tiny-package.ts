import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, hashOf } from './corpus.js';

export interface TinyPackage {
  name: string;
  spec: string;
  /** tarball file name → its files (paths include the top directory, as `tar` stores them). */
  tarballs: Record<string, Record<string, string>>;
  /** Other dist-git files (patches, sources committed in dist-git). */
  files: Record<string, string>;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}

/** A flat Fedora-layout dist-git (`sources` with SHA512) and a lookaside dir holding its tarballs. */
export function makeTinyPackage(dir: string, pkg: TinyPackage): { distGit: string; lookaside: string } {
  const lookaside = join(dir, 'lookaside');
  mkdirSync(lookaside, { recursive: true });
  for (const [name, files] of Object.entries(pkg.tarballs)) {
    const root = join(dir, 'tar-src', name);
    writeTree(root, files);
    const tops = [...new Set(Object.keys(files).map((p) => p.split('/')[0]!))];
    execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '-czf', join(lookaside, name), '-C', root, ...tops]);
  }
  const distGit = join(dir, 'dist-git');
  mkdirSync(distGit, { recursive: true });
  writeTree(distGit, { ...pkg.files, [`${pkg.name}.spec`]: pkg.spec });
  const names = Object.keys(pkg.tarballs);
  writeFileSync(join(distGit, 'sources'), names.map((f) => `SHA512 (${f}) = ${hashOf(join(lookaside, f), 'sha512')}\n`).join(''));
  writeFileSync(join(distGit, '.gitignore'), names.map((f) => `/${f}\n`).join(''));
  git(dir, 'init', '-q', distGit);
  git(distGit, 'add', '-A');
  git(distGit, 'commit', '-q', '-m', `${pkg.name} first`);
  return { distGit, lookaside };
}

export const PREAMBLE = (name: string, version: string) =>
  `Name:           ${name}\nVersion:        ${version}\nRelease:        1\nSummary:        test package\nLicense:        MIT\n`;
export const TAIL = '\n%build\n\n%files\n\n%changelog\n* Sun Nov 22 2026 Test Packager <test@example.org> - 1.0-1\n- first\n';
