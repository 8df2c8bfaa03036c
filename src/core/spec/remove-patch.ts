import { DistsyncError } from '../errors.js';
import { emptyBlocksAround } from './block-edges.js';
import { removeLines, replaceLineText } from './document.js';
import { dropPatchNumber } from './patch-line-style.js';
import { findSection, structureOf } from './structure.js';
import type { SpecDocument } from './types.js';

/**
 * Remove PatchN (with the comment lines right above it) and every %patch
 * line applying N (or N from a line applying several). A %if…%endif left
 * with nothing but blank/comment lines goes too. Other patches keep their numbers.
 */
export function removePatch(doc: SpecDocument, number: number): SpecDocument {
  const s = structureOf(doc);
  const drop = new Set<number>();
  for (const t of s.tags) {
    if (t.name !== 'Patch' || t.rpmNumber !== number) continue;
    if (t.fromList && s.tags.some((o) => o.fromList && o.name === 'Patch' && o.line > t.line)) {
      throw new DistsyncError('bad-spec', `patch ${number} is in %patchlist: removing it would renumber the patches after it`, {
        ...(doc.file !== undefined ? { file: doc.file } : {}),
        line: t.line + 1,
        next: 'turn %patchlist into numbered PatchN tags, or remove the line by hand',
      });
    }
    drop.add(t.line);
    for (let k = 1; k <= t.commentAbove.length; k++) drop.add(t.line - k);
  }
  let out = doc;
  const prep = findSection(s, 'prep');
  for (let i = prep?.start ?? 0; prep && i < prep.end; i++) {
    if (s.head[i] !== i || !s.texts[i]!.startsWith('%patch')) continue;
    const r = dropPatchNumber(s.texts[i]!, number);
    if (r === null) drop.add(i);
    else if (r !== s.texts[i]) out = replaceLineText(out, i, r);
  }
  for (const line of [...drop]) for (const k of emptyBlocksAround(s, line, drop)) drop.add(k);
  return removeLines(out, drop);
}
