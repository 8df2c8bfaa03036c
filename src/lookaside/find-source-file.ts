import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { hashFile } from './hash-file.js';
import { checkRef } from './safe-ref.js';
import type { LookasideRef, LookasideStore } from './types.js';

export interface FoundSource {
  path: string;
  from: 'dir' | 'store';
}

/**
 * A verified copy of a source file: first `dirs` in order (dist-git's
 * SOURCES/ or root), then the store, fetched to `fetchTo` (a path). A copy in
 * a dir with the wrong hash is an error, never silently skipped.
 */
export async function findSourceFile(
  dirs: string[],
  raw: LookasideRef,
  opts: { store?: LookasideStore; fetchTo?: string } = {},
): Promise<FoundSource> {
  const ref = checkRef(raw);
  for (const dir of dirs) {
    const path = join(dir, ref.file);
    if (!(await stat(path).then((s) => s.isFile(), () => false))) continue;
    const actual = await hashFile(path, ref.algo);
    if (actual === ref.hash) return { path, from: 'dir' };
    throw new DistsyncError('hash-mismatch', `${path} has ${ref.algo} ${actual}, expected ${ref.hash}`, {
      file: path,
      next: 'replace the file with the one that was uploaded, or update the checksum line',
    });
  }
  if (opts.store && opts.fetchTo) {
    await opts.store.fetch(ref, opts.fetchTo);
    return { path: opts.fetchTo, from: 'store' };
  }
  throw new DistsyncError('lookaside-missing', `${ref.file} is not in ${dirs.join(', ') || '(no directory)'}${opts.store ? ` (store: ${opts.store.describe()})` : ''}`, {
    next: `put ${ref.file} in ${dirs[0] ?? 'the dist-git directory'} or pass --lookaside DIR`,
  });
}
