import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

async function subdirs(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const dirs: string[] = [];
  for (const n of names) if (n !== 'SPECPARTS' && (await isDir(join(dir, n)))) dirs.push(n);
  return dirs;
}

/**
 * The directory %setup created under BUILD: `expected` when given (also
 * inside rpm ≥ 4.20's `NAME-VERSION-build/`), else the only directory there.
 */
export async function findBuildDir(buildRoot: string, expected?: string): Promise<string> {
  const top = await subdirs(buildRoot);
  if (expected) {
    if (await isDir(join(buildRoot, expected))) return join(buildRoot, expected);
    for (const d of top) if (await isDir(join(buildRoot, d, expected))) return join(buildRoot, d, expected);
  }
  if (top.length === 1) {
    const only = join(buildRoot, top[0]!);
    const inner = await subdirs(only);
    if (top[0]!.endsWith('-build') && inner.length === 1) return join(only, inner[0]!);
    if (!expected) return only;
  }
  throw new DistsyncError('prep-failed', `cannot tell which directory %prep created under ${buildRoot}${expected ? ` (no ${expected}/)` : ''}: ${top.join(', ') || 'none'}`, {
    next: 'check %setup -n in the spec (the directory name must match the tarball)',
  });
}
