import { DistsyncError } from '../errors.js';
import { checksumKindFor } from '../lookaside/index.js';
import type { DistGitLayout } from './layout-types.js';

interface SpecCandidate {
  kind: DistGitLayout['kind'];
  path: string;
  name: string;
}

/**
 * Which dist-git layout a file list (git ls-files) has: Fedora (NAME.spec at
 * the root, `sources`) or CentOS/OpenELA (SPECS/NAME.spec + SOURCES/,
 * `.NAME.metadata` or `checksums`). There must be exactly one spec unless
 * `pkgName` picks one.
 */
export function detectLayout(files: string[], opts: { pkgName?: string } = {}): DistGitLayout {
  const all: SpecCandidate[] = [];
  for (const f of files) {
    const centos = /^SPECS\/([^/]+)\.spec$/.exec(f);
    if (centos) all.push({ kind: 'centos', path: f, name: centos[1]! });
    else if (/^[^/]+\.spec$/.test(f)) all.push({ kind: 'fedora', path: f, name: f.slice(0, -'.spec'.length) });
  }
  const found = all.map((c) => c.path).join(', ') || 'none';
  const candidates = opts.pkgName === undefined ? all : all.filter((c) => c.name === opts.pkgName);
  if (candidates.length === 0) {
    throw new DistsyncError(
      'bad-layout',
      opts.pkgName === undefined
        ? 'no spec file: expected NAME.spec at the top (Fedora) or SPECS/NAME.spec (CentOS)'
        : `no spec file for package ${opts.pkgName}: looked for ${opts.pkgName}.spec and SPECS/${opts.pkgName}.spec (spec files: ${found})`,
      { next: opts.pkgName === undefined ? 'check that this is a dist-git repository (and the branch you meant)' : 'pass the --pkg-name of one of the spec files' },
    );
  }
  if (candidates.length > 1) {
    const names = [...new Set(candidates.map((c) => c.name))];
    throw new DistsyncError('bad-layout', `several spec files: ${candidates.map((c) => c.path).join(', ')}`, {
      next: names.length > 1 ? `pass --pkg-name ${names[0]} (or one of ${names.join(', ')})` : `keep either ${names[0]}.spec or SPECS/${names[0]}.spec`,
    });
  }
  const spec = candidates[0]!;
  if (!/^[A-Za-z0-9._+-]+$/.test(spec.name)) {
    throw new DistsyncError('bad-layout', `spec file ${spec.path}: '${spec.name}' is not an rpm package name`, {
      next: 'rename the spec file to NAME.spec (letters, digits, . _ + -)',
    });
  }
  const checksumPath = spec.kind === 'fedora' ? (files.includes('sources') ? 'sources' : null) : centosChecksum(files, spec.name);
  return {
    kind: spec.kind,
    pkgName: spec.name,
    specPath: spec.path,
    sourcesDir: spec.kind === 'fedora' ? '' : 'SOURCES',
    checksumPath,
    checksumKind: checksumPath === null ? null : checksumKindFor(checksumPath),
  };
}

/** `.NAME.metadata`, else the only `.X.metadata` at the top, else `checksums`. */
function centosChecksum(files: string[], name: string): string | null {
  if (files.includes(`.${name}.metadata`)) return `.${name}.metadata`;
  const metadata = files.filter((f) => /^\.[^/]+\.metadata$/.test(f));
  if (metadata.length === 1) return metadata[0]!;
  return files.includes('checksums') ? 'checksums' : null;
}
