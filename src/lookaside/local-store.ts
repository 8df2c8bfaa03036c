import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { copyVerified } from './copy-verified.js';
import { hashFile } from './hash-file.js';
import { checkRef } from './safe-ref.js';
import type { LookasideRef, LookasideStore } from './types.js';

const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/** Where a file may sit in the store: Fedora's layout, its old md5 layout, then by plain name. */
export function candidatePaths(dir: string, ref: LookasideRef): string[] {
  return [
    join(dir, ref.pkg, ref.file, ref.algo, ref.hash, ref.file),
    join(dir, ref.pkg, ref.file, ref.hash, ref.file),
    join(dir, ref.file),
  ];
}

/**
 * A lookaside cache in a local directory. Reads plain `DIR/FILE` and Fedora's
 * `DIR/NAME/FILE/HASHTYPE/HASH/FILE` (and the old `DIR/NAME/FILE/HASH/FILE`);
 * writes the Fedora layout, atomically and verified.
 */
export function createLocalLookaside(dir: string): LookasideStore {
  const describe = () => `local lookaside ${dir}`;

  async function find(ref: LookasideRef): Promise<{ path?: string; looked: string[]; wrong: { path: string; actual: string }[] }> {
    const looked = candidatePaths(dir, ref);
    const wrong: { path: string; actual: string }[] = [];
    for (const path of looked) {
      if (!(await isFile(path))) continue;
      const actual = await hashFile(path, ref.algo);
      if (actual === ref.hash) return { path, looked, wrong };
      wrong.push({ path, actual });
    }
    return { looked, wrong };
  }

  return {
    describe,
    async has(raw) {
      return (await find(checkRef(raw))).path !== undefined;
    },
    async fetch(raw, destPath) {
      const ref = checkRef(raw);
      const found = await find(ref);
      if (!found.path) throw notFound(ref, found, dir);
      const actual = await copyVerified(found.path, destPath, ref.algo, ref.hash);
      if (actual !== ref.hash) throw mismatch(ref, found.path, actual, 'the file changed while it was copied; try again');
    },
    async put(raw, srcPath) {
      const ref = checkRef(raw);
      const srcHash = await hashFile(srcPath, ref.algo);
      if (srcHash !== ref.hash) throw mismatch(ref, srcPath, srcHash, `upload the right file, or record ${ref.algo} ${srcHash} in the checksum file`);
      const target = candidatePaths(dir, ref)[0]!;
      if (await isFile(target)) {
        const existing = await hashFile(target, ref.algo);
        if (existing === ref.hash) return 'present';
        throw mismatch(ref, target, existing, `the store holds a damaged copy; remove ${target} and put the file again`);
      }
      const copied = await copyVerified(srcPath, target, ref.algo, ref.hash);
      if (copied !== ref.hash) throw mismatch(ref, srcPath, copied, 'the file changed while it was copied; try again');
      const reread = await hashFile(target, ref.algo);
      if (reread !== ref.hash) throw mismatch(ref, target, reread, `the stored copy is damaged (disk problem?); remove ${target} and put the file again`);
      return 'stored';
    },
    /** A directory takes every hash type. */
    async preflight() {},
  };
}

function notFound(ref: LookasideRef, found: { looked: string[]; wrong: { path: string; actual: string }[] }, dir: string): DistsyncError {
  const bad = found.wrong[0];
  if (bad) {
    return mismatch(ref, bad.path, bad.actual, `replace ${bad.path} with the file that was uploaded, or fix the checksum line`);
  }
  return new DistsyncError('lookaside-missing', `${ref.file} (${ref.algo} ${ref.hash.slice(0, 16)}…) is not in the lookaside; looked in:\n  ${found.looked.join('\n  ')}`, {
    next: `put ${ref.file} in ${dir} or pass --lookaside DIR`,
  });
}

function mismatch(ref: LookasideRef, path: string, actual: string, next: string): DistsyncError {
  return new DistsyncError('hash-mismatch', `${path} has ${ref.algo} ${actual}, expected ${ref.hash}`, { file: path, next });
}
