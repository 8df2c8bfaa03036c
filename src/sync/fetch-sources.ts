import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { ChecksumEntry } from '../core/lookaside/index.js';
import { createLocalLookaside, hashFile, type LookasideStore } from '../lookaside/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';

/**
 * Finds the source files the spec needs: first the dist-git work tree
 * (SOURCES/ or the root), then the lookaside store. Every file named in the
 * checksum file is checked against its hash before it is used.
 */
export interface SourceFetcher {
  /** Absolute path of a verified copy of `file` (a basename). */
  get(file: string): Promise<string>;
  entries: ChecksumEntry[];
}

/** The store sources come from: a store given as is, or a directory (the older option). */
export function sourceStore(opts: { lookaside?: LookasideStore; lookasideDir?: string }): LookasideStore | undefined {
  return opts.lookaside ?? (opts.lookasideDir ? createLocalLookaside(opts.lookasideDir) : undefined);
}

export function createSourceFetcher(dg: DistGitSnapshot, workDir: string, store?: LookasideStore): SourceFetcher {
  const entries = dg.checksum?.entries ?? [];
  const cache = new Map<string, Promise<string>>();
  const inTree = (file: string) => join(dg.dir, dg.layout.sourcesDir, file);

  async function fetchOne(file: string): Promise<string> {
    if (file.includes('/') || file.includes('\0') || file === '..' || file === '.') {
      throw new DistsyncError('bad-checksum-file', `refusing source file name '${file}'`, { next: 'fix the checksum file' });
    }
    const entry = entries.find((e) => e.file === file);
    const local = inTree(file);
    const localExists = await stat(local).then((s) => s.isFile(), () => false);
    if (!entry) {
      if (localExists) return local; // a small source committed to dist-git
      throw new DistsyncError('lookaside-missing', `${file} is neither in dist-git nor in ${dg.layout.checksumPath ?? 'a checksum file'}`, {
        next: `add it to dist-git or upload it to the lookaside cache and list it in ${dg.layout.checksumPath ?? 'sources'}`,
      });
    }
    await mkdir(workDir, { recursive: true });
    const dest = join(workDir, file);
    if (localExists) {
      const actual = await hashFile(local, entry.algo);
      if (actual !== entry.hash) {
        throw new DistsyncError('hash-mismatch', `${local} has ${entry.algo} ${actual}, but ${dg.layout.checksumPath} says ${entry.hash}`, {
          file: dg.layout.checksumPath ?? undefined,
          line: entry.line,
          next: 'replace the file with the one that was uploaded, or update the checksum line (distsync never uses an unverified source)',
        });
      }
      await copyFile(local, dest);
      return dest;
    }
    if (!store) {
      throw new DistsyncError('lookaside-missing', `${file} (${entry.algo} ${entry.hash.slice(0, 16)}…) is not in ${join(dg.dir, dg.layout.sourcesDir) || dg.dir}`, {
        next: `pass --lookaside DIR|URL holding the file (a directory by name or as ${dg.layout.pkgName}/${file}/${entry.algo}/${entry.hash}/${file}, or a fedora+https://, s3:// or git+ store)`,
      });
    }
    await store.fetch({ pkg: dg.layout.pkgName, file, algo: entry.algo, hash: entry.hash }, dest);
    return dest;
  }

  return {
    entries,
    get(file) {
      let p = cache.get(file);
      if (!p) {
        p = fetchOne(file);
        cache.set(file, p);
      }
      return p;
    },
  };
}
