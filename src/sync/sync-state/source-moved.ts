import type { Git } from '../../git/index.js';
import type { SyncState } from './find-sync-state.js';
import { blobAt, mergeFile } from './merge-file.js';

/**
 * Has source-git changed anything since the sync point, beyond what the
 * hand commits explain? Each pending path is taken back through the hand
 * commits (their changes reverted, newest first, 3-way); if that gives what
 * source-git makes, only dist-git moved there.
 */
export async function sourceMovedBeyondHandCommits(
  git: Git,
  state: SyncState,
  c: { head: string; pending: string[]; made: Map<string, Buffer> },
): Promise<boolean> {
  for (const f of c.pending) {
    const touching = state.handCommits.filter((h) => h.files.includes(f)).reverse();
    if (touching.length === 0) return true;
    let cur = await blobAt(git, c.head, f);
    for (const h of touching) {
      const after = await blobAt(git, h.sha, f);
      const before = await blobAt(git, h.base, f);
      if (cur === null || after === null || before === null) {
        // added or deleted by hand: reverting gives the file before the commit
        cur = before;
        continue;
      }
      cur = await mergeFile(git, cur, after, before);
      if (cur === null) return true;
    }
    const made = c.made.get(f) ?? null;
    if (cur === null ? made !== null : made === null || !cur.equals(made)) return true;
  }
  return false;
}
