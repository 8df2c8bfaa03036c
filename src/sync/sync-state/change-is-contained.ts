import type { Git } from '../../git/index.js';
import { blobAt, mergeFile } from './merge-file.js';

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
  for (const f of c.files) {
    const after = await blobAt(git, c.commit, f);
    const made = c.made.get(f) ?? null;
    if (after === null ? made === null : made !== null && after.equals(made)) continue;
    if (after === null || made === null) return false;
    const merged = await mergeFile(git, made, (await blobAt(git, c.base, f)) ?? Buffer.alloc(0), after);
    if (!merged?.equals(made)) return false;
  }
  return true;
}
