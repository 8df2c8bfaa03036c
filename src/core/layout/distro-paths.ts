import { DistsyncError } from '../errors.js';
import type { DistGitLayout } from './layout-types.js';
import { assertSafeRelativePath } from './safe-path.js';

const DISTRO = '.distro/';
/** .distro/ files that are distsync's own, never dist-git files. */
const OWN = new Set(['source-git.yaml']);
/**
 * Top-level dist-git files of a CentOS layout besides SPECS/ and SOURCES/;
 * dot files and anything in a subdirectory (tests/, plans/, .fmf/) count too.
 */
const CENTOS_TOP_LEVEL = new Set(['gating.yaml', 'rpminspect.yaml', 'rpmlint.toml', 'ci.fmf', 'sources', 'checksums', 'README.md']);

/** In a CentOS layout, whether `.distro/<rest>` stands for a top-level dist-git file (else for SOURCES/<rest>). */
function isTopLevel(rest: string): boolean {
  return rest.startsWith('.') || rest.includes('/') || CENTOS_TOP_LEVEL.has(rest);
}

const isSpecName = (rest: string) => /^[^/]+\.spec$/.test(rest);

function collision(path: string, why: string): DistsyncError {
  return new DistsyncError('bad-layout', `${path} has no place in .distro/: ${why}`, {
    next: 'rename or move the file in dist-git (distsync maps SPECS/x.spec and SOURCES/f to .distro/x.spec and .distro/f)',
  });
}

/**
 * Where a dist-git file lives in source-git's .distro/. Fedora: 'x' →
 * '.distro/x'. CentOS: 'SPECS/x.spec' → '.distro/x.spec', 'SOURCES/f' →
 * '.distro/f', other top-level files ('.lz4.metadata', 'gating.yaml',
 * 'tests/…') → '.distro/<same>'. Throws bad-layout for a path that escapes or
 * a file that would come back as another one.
 */
export function distGitToDistro(layout: Pick<DistGitLayout, 'kind'>, path: string): string {
  assertSafeRelativePath(path);
  if (OWN.has(path)) throw collision(path, `.distro/${path} is distsync's own file`);
  if (layout.kind === 'fedora') return DISTRO + path;
  if (/^SPECS\/[^/]+\.spec$/.test(path)) return DISTRO + path.slice('SPECS/'.length);
  if (path.startsWith('SOURCES/')) {
    const rest = path.slice('SOURCES/'.length);
    if (OWN.has(rest)) throw collision(path, `.distro/${rest} is distsync's own file`);
    if (isSpecName(rest)) throw collision(path, `.distro/${rest} stands for SPECS/${rest}`);
    if (isTopLevel(rest)) throw collision(path, `.distro/${rest} stands for the top-level ${rest}`);
    return DISTRO + rest;
  }
  if (!isTopLevel(path)) {
    throw collision(path, `.distro/${path} stands for SOURCES/${path} in a SPECS/ + SOURCES/ layout`);
  }
  return DISTRO + path;
}

/** The inverse of distGitToDistro. */
export function distroToDistGit(layout: Pick<DistGitLayout, 'kind'>, distroPath: string): string {
  assertSafeRelativePath(distroPath);
  if (!distroPath.startsWith(DISTRO)) {
    throw new DistsyncError('bad-layout', `${distroPath} is not in .distro/`, { next: 'only files under .distro/ map to dist-git' });
  }
  const rest = distroPath.slice(DISTRO.length);
  if (OWN.has(rest)) throw collision(distroPath, "it is distsync's own file, not a dist-git file");
  if (layout.kind === 'fedora') return rest;
  if (isSpecName(rest)) return `SPECS/${rest}`;
  if (/^(SPECS\/[^/]+\.spec|SOURCES\/.*)$/.test(rest)) {
    throw collision(distroPath, `write it as .distro/${rest.slice(rest.indexOf('/') + 1)} (SPECS/ and SOURCES/ are implied)`);
  }
  return isTopLevel(rest) ? rest : `SOURCES/${rest}`;
}
