import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from '../../git/index.js';

/**
 * Does what source-git makes (`made`, dist-git path → bytes) already contain
 * the change `base → commit` made to `files`? Per file: the same bytes, or a
 * 3-way merge of the change into the made file changes nothing (source-git
 * carries the same edit next to its own, e.g. a Release bump carried back
 * and a new Patch tag since).
 */
export async function changeIsContained(
  git: Git,
  c: { base: string; commit: string; files: string[]; made: Map<string, Buffer> },
): Promise<boolean> {
  if (c.files.length === 0) return true;
  const tmp = await mkdtemp(join(tmpdir(), 'distsync-contained-'));
  try {
    for (const [i, f] of c.files.entries()) {
      const after = await blobAt(git, c.commit, f);
      const made = c.made.get(f) ?? null;
      if (after === null ? made === null : made !== null && after.equals(made)) continue;
      if (after === null || made === null) return false;
      const before = (await blobAt(git, c.base, f)) ?? Buffer.alloc(0);
      if ([before, after, made].some((b) => b.includes(0))) return false; // binary: only equal bytes count
      const paths = ['made', 'before', 'after'].map((n) => join(tmp, `${i}-${n}`));
      await Promise.all([writeFile(paths[0]!, made), writeFile(paths[1]!, before), writeFile(paths[2]!, after)]);
      const res = await git.runBuffer(['merge-file', '-p', '-q', ...paths], { allowFail: true });
      if (res.code !== 0 || !res.stdout.equals(made)) return false;
    }
    return true;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function blobAt(git: Git, ref: string, path: string): Promise<Buffer | null> {
  const res = await git.runBuffer(['cat-file', 'blob', `${ref}:${path}`], { allowFail: true });
  return res.code === 0 ? res.stdout : null;
}
