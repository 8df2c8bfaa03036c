import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const CORPUS = join(FIXTURES, 'corpus');

/** Plain git for test setup (the code under test uses src/git). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test Packager', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', GIT_CONFIG_NOSYSTEM: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `distsync-test-${prefix}-`));
}

export function removeDirs(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

export interface CorpusPackage {
  name: string;
  tarball: string;
  /** checksum file path in dist-git, and the algorithm its lines use */
  checksumPath: string;
  algo: 'sha256' | 'sha512';
}

export const PACKAGES: Record<string, CorpusPackage> = {
  lz4: { name: 'lz4', tarball: 'lz4-1.9.3.tar.gz', checksumPath: '.lz4.metadata', algo: 'sha256' },
  zstd: { name: 'zstd', tarball: 'zstd-1.5.1.tar.gz', checksumPath: '.zstd.metadata', algo: 'sha256' },
  'zstd-fedora': { name: 'zstd', tarball: 'zstd-1.5.2.tar.gz', checksumPath: 'sources', algo: 'sha512' },
  jq: { name: 'jq', tarball: 'jq-1.6.tar.gz', checksumPath: '.jq.metadata', algo: 'sha256' },
  zlib: { name: 'zlib', tarball: 'zlib-1.2.11.tar.xz', checksumPath: '.zlib.metadata', algo: 'sha256' },
};

export function hashOf(path: string, algo: string): string {
  return createHash(algo).update(readFileSync(path)).digest('hex');
}

/**
 * The real dist-git of a corpus package as a git repo in a temp dir. The
 * corpus tarballs (except lz4's) are equivalent to, not identical with, the
 * uploaded ones: as the corpus README says, rewrite the checksum line to the
 * reproduced tarball's hash, as if the packager had uploaded exactly that file.
 */
export function makeDistGit(dir: string, key: keyof typeof PACKAGES): string {
  const pkg = PACKAGES[key]!;
  const distGit = join(dir, 'dist-git');
  cpSync(join(CORPUS, key, 'distgit'), distGit, { recursive: true });
  const tarball = join(CORPUS, key, 'upstream', pkg.tarball);
  const sumPath = join(distGit, pkg.checksumPath);
  const text = readFileSync(sumPath, 'utf8');
  const hash = hashOf(tarball, pkg.algo);
  const fixed = text.replace(/\b[0-9a-f]{64,128}\b/, hash);
  writeFileSync(sumPath, fixed);
  git(dir, 'init', '-q', distGit);
  git(distGit, 'add', '-A');
  git(distGit, 'commit', '-q', '-m', `import ${key} from the corpus`);
  return distGit;
}

/** A lookaside directory holding the package's upstream tarball by name. */
export function makeLookaside(dir: string, key: keyof typeof PACKAGES): string {
  const pkg = PACKAGES[key]!;
  const lookaside = join(dir, 'lookaside');
  mkdirSync(lookaside, { recursive: true });
  cpSync(join(CORPUS, key, 'upstream', pkg.tarball), join(lookaside, pkg.tarball));
  return lookaside;
}

/** Upstream git history from a corpus bundle, checked out at `tag` on branch main. */
export function cloneUpstream(dir: string, key: 'lz4' | 'zlib', tag: string): string {
  const sourceGit = join(dir, 'source-git');
  git(dir, 'clone', '-q', '--no-checkout', join(CORPUS, key, 'upstream', `${key}-upstream.bundle`), sourceGit);
  git(sourceGit, 'checkout', '-q', '-B', 'main', tag);
  return sourceGit;
}

export function status(repo: string): string {
  return git(repo, 'status', '--porcelain', '--untracked-files=all');
}

/** Every file of a git repo at HEAD with its blob id: a fingerprint to prove "left exactly as it was". */
export function fingerprint(repo: string): string {
  if (!existsSync(join(repo, '.git'))) return readdirSync(repo).sort().join('\n');
  return [git(repo, 'rev-parse', 'HEAD'), git(repo, 'for-each-ref'), git(repo, 'status', '--porcelain', '--untracked-files=all'), git(repo, 'worktree', 'list')].join('\n');
}

export const rpmbuildAvailable = (() => {
  try {
    execFileSync('rpmbuild', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
