import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from '../../git/index.js';

/** `git merge-file -p ours base theirs`: the merged bytes, or null on a conflict or for binary content. */
export async function mergeFile(git: Git, ours: Buffer, base: Buffer, theirs: Buffer): Promise<Buffer | null> {
  if ([ours, base, theirs].some((b) => b.includes(0))) return null;
  const tmp = await mkdtemp(join(tmpdir(), 'distsync-merge-file-'));
  try {
    const paths = ['ours', 'base', 'theirs'].map((n) => join(tmp, n));
    await Promise.all([writeFile(paths[0]!, ours), writeFile(paths[1]!, base), writeFile(paths[2]!, theirs)]);
    const res = await git.runBuffer(['merge-file', '-p', '-q', ...paths], { allowFail: true });
    return res.code === 0 ? res.stdout : null;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The bytes of `path` in `ref`, null when it has no such file. */
export async function blobAt(git: Git, ref: string, path: string): Promise<Buffer | null> {
  const res = await git.runBuffer(['cat-file', 'blob', `${ref}:${path}`], { allowFail: true });
  return res.code === 0 ? res.stdout : null;
}
