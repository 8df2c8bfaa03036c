import { insertLines } from './document.js';
import { listTags } from './tags.js';
import type { SpecDocument, SpecTag } from './types.js';

export interface RestoredTag {
  number: number;
  /** The comment lines kept above the tag, as written. */
  commentLines: string[];
}

/**
 * Put back PatchN tags that another spec (dist-git's) has and `doc` (a
 * `.distro/` spec whose tags were cleared, Packit's rule) lacks: each with
 * its number, its tag line and comment lines as written, after the same
 * preamble line as there. So a source-git whose `.distro/` spec has no tags
 * still gives dist-git's spec back byte for byte. Tags under a conditional,
 * from %patchlist, whose number `doc` already uses, or whose anchor line
 * `doc` does not have are left to the caller (added the usual way).
 * `fileOf` names a tag's patch file; `files` are the ones to restore.
 */
export function restorePatchTags(
  doc: SpecDocument,
  from: SpecDocument,
  files: ReadonlySet<string>,
  fileOf: (tag: SpecTag) => string,
): { doc: SpecDocument; restored: Map<string, RestoredTag> } {
  const restored = new Map<string, RestoredTag>();
  const fromTags = listTags(from, 'Patch');
  const taken = new Set(listTags(doc, 'Patch').map((t) => t.rpmNumber ?? 0));
  const blockStart = (t: SpecTag) => t.line - t.commentAbove.length;
  const eligible = fromTags.filter((t) => files.has(fileOf(t)) && !t.fromList && t.conditions.length === 0 && t.section === 0 && !taken.has(t.rpmNumber ?? 0));
  const restoring = new Set(eligible.flatMap((t) => Array.from({ length: t.commentAbove.length + 1 }, (_, k) => blockStart(t) + k)));
  // (index in doc after which to insert) → lines, in `from` order
  const inserts = new Map<number, string[]>();
  for (const tag of eligible) {
    const file = fileOf(tag);
    const number = tag.rpmNumber ?? 0;
    if (restored.has(file) || taken.has(number)) continue;
    // after the nearest line above it that doc has too (a preamble line, or a tag doc keeps)
    let at: number | undefined;
    for (let anchor = blockStart(tag) - 1; anchor >= 0 && at === undefined; anchor--) {
      if (!restoring.has(anchor)) at = sameLineIn(doc, from, anchor);
    }
    if (at === undefined) continue;
    const lines = from.lines.slice(blockStart(tag), tag.line + 1).map((l) => l.text);
    inserts.set(at, [...(inserts.get(at) ?? []), ...lines]);
    taken.add(number);
    restored.set(file, { number, commentLines: lines.slice(0, -1) });
  }
  let out = doc;
  for (const at of [...inserts.keys()].sort((a, b) => b - a)) out = insertLines(out, at, inserts.get(at)!);
  return { doc: out, restored };
}

/** Index in `doc` of the line that is the n-th occurrence of `from`'s line `index` (n counted in `from`). */
function sameLineIn(doc: SpecDocument, from: SpecDocument, index: number): number | undefined {
  const text = from.lines[index]!.text;
  let n = 0;
  for (let i = 0; i <= index; i++) if (from.lines[i]!.text === text) n++;
  for (let i = 0; i < doc.lines.length; i++) if (doc.lines[i]!.text === text && --n === 0) return i;
  return undefined;
}
