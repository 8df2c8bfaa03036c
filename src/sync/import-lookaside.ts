import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { byVersion, checksumKindFor, parseChecksumFile, type HashAlgo } from '../core/lookaside/index.js';
import { hashFile, type LookasideRef, type LookasideStore } from '../lookaside/index.js';
import { openDistGit, readDistGit } from './read-dist-git.js';

export interface ImportLookasideOptions {
  /** Where the tarballs are now (a directory store, a Fedora lookaside…). */
  from: LookasideStore;
  /** A directory to list the package's files from (when there is no dist-git to read them from). */
  fromDir?: string;
  /** dist-git checkout: every version of its checksum file names the files and hashes to import. */
  distGitDir?: string;
  pkg?: string;
  /** The git lookaside that receives one commit per file. */
  to: LookasideStore;
  /** Hash type for files listed from a directory (default sha256). */
  algo?: HashAlgo;
}

export interface ImportLookasideResult {
  pkg: string;
  imported: { file: string; algo: HashAlgo; hash: string; outcome: 'stored' | 'present' }[];
}

/**
 * An existing lookaside of a package, as a git lookaside branch: each source
 * file fetched (hash checked) and added by its own commit, in version order.
 * The files come from the dist-git's checksum file over its whole history,
 * or from listing the directory.
 */
export async function importLookaside(deps: { log: Logger }, o: ImportLookasideOptions): Promise<ImportLookasideResult> {
  const { pkg, refs } = o.distGitDir ? await refsFromDistGit(deps, o.distGitDir, o.pkg) : await refsFromDir(o.fromDir, o.pkg, o.algo ?? 'sha256');
  if (refs.length === 0) {
    throw new DistsyncError('lookaside-missing', `no source files of ${pkg} found to import`, {
      next: o.distGitDir ? 'check that the dist-git has a checksum file (sources / .NAME.metadata) in its history' : `put ${pkg}-VERSION.tar.* files in the directory, or pass --dist-git`,
    });
  }
  const scratch = await mkdtemp(join(tmpdir(), 'distsync-import-'));
  const imported: ImportLookasideResult['imported'] = [];
  try {
    for (const ref of byVersion(pkg, refs)) {
      const tmp = join(scratch, ref.file);
      await o.from.fetch(ref, tmp);
      const outcome = await o.to.put(ref, tmp);
      deps.log.info(`${ref.file}: ${outcome === 'stored' ? 'committed' : 'already there'}`);
      imported.push({ file: ref.file, algo: ref.algo, hash: ref.hash, outcome });
      await rm(tmp, { force: true });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { pkg, imported };
}

/** Every (file, hash) any version of dist-git's checksum file listed. */
async function refsFromDistGit(deps: { log: Logger }, dir: string, pkgName?: string): Promise<{ pkg: string; refs: LookasideRef[] }> {
  const git = await openDistGit(dir, deps.log);
  const dg = await readDistGit(git, pkgName ? { pkgName } : {});
  const path = dg.layout.checksumPath;
  const kind = path ? checksumKindFor(path) : null;
  if (!path || !kind) throw new DistsyncError('bad-layout', `${dir} has no checksum file`, { next: 'import from a directory without --dist-git' });
  const shas = (await git.run(['log', '--format=%H', '--', path])).stdout.split('\n').filter(Boolean);
  const seen = new Map<string, LookasideRef>();
  for (const sha of shas) {
    const text = await git.run(['show', `${sha}:${path}`], { allowFail: true });
    if (text.code !== 0) continue; // the commit deleted the file
    for (const e of parseChecksumFile(text.stdout, kind, path).entries) {
      seen.set(`${e.file}\0${e.hash}`, { pkg: dg.layout.pkgName, file: e.file, algo: e.algo, hash: e.hash });
    }
  }
  return { pkg: dg.layout.pkgName, refs: [...seen.values()] };
}

/** The package's `NAME-*` files in a directory (by name, or in Fedora's NAME/FILE/HASHTYPE/HASH/FILE layout). */
async function refsFromDir(dir: string | undefined, pkg: string | undefined, algo: HashAlgo): Promise<{ pkg: string; refs: LookasideRef[] }> {
  if (!dir || !pkg) throw new DistsyncError('usage', 'importing from a directory needs --pkg NAME (or --dist-git DIR to read the files from)', { next: 'distsync lookaside import --pkg NAME DIR git+REPO#BRANCH' });
  const refs: LookasideRef[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (!name.startsWith(`${pkg}-`) || !(await stat(path)).isFile()) continue;
    refs.push({ pkg, file: name, algo, hash: await hashFile(path, algo) });
  }
  return { pkg, refs };
}
