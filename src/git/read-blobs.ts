import type { Git } from './git.js';
import { readBlob } from './read-blob.js';

/**
 * The bytes of many `paths` in `ref`, from ONE `git cat-file --batch` (exact
 * bytes, no filters); a path that is not a file in `ref` is left out. Paths
 * the batch protocol cannot carry (a newline in the name) are read one by one.
 */
export async function readBlobs(git: Git, ref: string, paths: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const plain = [...new Set(paths)].filter((p) => !/[\n\r]/.test(p));
  const odd = [...new Set(paths)].filter((p) => /[\n\r]/.test(p));
  if (plain.length) {
    const res = await git.runBuffer(['cat-file', '--batch'], { input: plain.map((p) => `${ref}:${p}\n`).join('') });
    const buf = res.stdout;
    let at = 0;
    for (const p of plain) {
      const nl = buf.indexOf(10, at);
      if (nl < 0) break;
      const header = buf.subarray(at, nl).toString('utf8');
      const m = / (blob|tree|commit|tag) (\d+)$/.exec(header);
      if (!m) {
        at = nl + 1; // "<name> missing" / "ambiguous": no body follows
        continue;
      }
      const size = Number(m[2]);
      const start = nl + 1;
      if (m[1] === 'blob') out.set(p, buf.subarray(start, start + size)); // no copy: the batch's buffer is shared
      at = start + size + 1;
    }
  }
  for (const p of odd) {
    const b = await readBlob(git, ref, p).catch(() => null);
    if (b) out.set(p, b);
  }
  return out;
}
