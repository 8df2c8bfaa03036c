import { afterConditionals } from './block-edges.js';
import { insertLines } from './document.js';
import { bad, commentLinesFor, lastOf, patchLineFor, tagLineLike, type NewPatch } from './add-patch.js';
import { analysePrep } from './prep.js';
import { findSection, structureOf } from './structure.js';
import type { SpecDocument } from './types.js';

/**
 * addPatch for many patches at once, with one analysis of the spec: the new
 * tags go together after the last Patch tag, the new %patch lines together
 * after the last unconditional one, in the order given. Same lines as calling
 * addPatch for each in turn, in linear time.
 */
export function addPatches(doc: SpecDocument, list: NewPatch[]): { doc: SpecDocument; numbers: number[] } {
  if (list.length === 0) return { doc, numbers: [] };
  const s = structureOf(doc);
  const patches = s.tags.filter((t) => t.name === 'Patch');
  const taken = new Set(patches.map((t) => t.rpmNumber ?? 0));
  let next = patches.length ? patches.reduce((m, t) => Math.max(m, t.rpmNumber ?? 0), 0) + 1 : 1;
  const numbers: number[] = [];
  for (const p of list) {
    if (/[\r\n]/.test(p.file) || p.file.trim() === '') throw bad(doc, `bad patch file name '${p.file}'`, 'pass a single file name');
    let n = p.number;
    if (n !== undefined && taken.has(n)) {
      const clash = s.patchesByNumber.get(n)?.[0];
      throw bad(doc, `Patch${n} already exists`, 'pick another number or leave it out', clash?.line);
    }
    if (n === undefined) n = next;
    taken.add(n);
    next = Math.max(next, n + 1);
    numbers.push(n);
  }
  const tags = patches.filter((t) => !t.fromList);
  const styleTag = tags.at(-1) ?? lastOf(s, 'Source') ?? s.tags.filter((t) => t.section === 0 && !t.fromList).at(-1);
  if (!styleTag) throw bad(doc, 'the spec has no preamble tags to put a Patch tag after', 'add Name/Version/Source tags first');
  const tagAnchor = afterConditionals(s, styleTag.line);
  const tagLines = list.flatMap((p, i) => [...commentLinesFor(doc, p), tagLineLike(s, styleTag, numbers[i]!, p.file)]);
  const prep = findSection(s, 'prep') ? analysePrep(doc) : null;
  // like addPatch in turn: a patch without its own -p takes the -p of the line before it
  let carried: number | undefined;
  const prepLines = prep?.listsPatches
    ? list
        .map((p, i) => {
          const strip = p.strip ?? carried;
          if (p.strip !== undefined) carried = p.strip;
          return patchLineFor(s, prep, numbers[i]!, strip, p.afterLine);
        })
        .filter((x) => x !== null)
    : [];
  // insert bottom-up so earlier positions stay valid; lines for one position keep their order
  const inserts = new Map<number, string[]>([[tagAnchor, []]]);
  for (const x of prepLines) inserts.set(x.after, [...(inserts.get(x.after) ?? []), x.text]);
  const prepAtTag = inserts.get(tagAnchor)!;
  inserts.set(tagAnchor, [...tagLines, ...prepAtTag]);
  let out = doc;
  for (const at of [...inserts.keys()].sort((a, b) => b - a)) out = insertLines(out, at, inserts.get(at)!);
  return { doc: out, numbers };
}
