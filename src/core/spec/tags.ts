import { structureOf } from './structure.js';
import type { SpecDocument, SpecTag } from './types.js';

function copy(t: SpecTag): SpecTag {
  return { ...t, conditions: [...t.conditions], commentAbove: [...t.commentAbove] };
}

/**
 * Tags named `name` (case-insensitive) in the main preamble and %package
 * sections, in file order. 'Patch'/'Source' also list %patchlist/%sourcelist entries.
 */
export function listTags(doc: SpecDocument, name: string): SpecTag[] {
  const want = name.toLowerCase();
  return structureOf(doc)
    .tags.filter((t) => t.name.toLowerCase() === want)
    .map(copy);
}

/** The tag rpm would mostly mean: first unconditional one in the main preamble, else the first one there, else the first anywhere. */
export function getTag(doc: SpecDocument, name: string): SpecTag | undefined {
  const all = listTags(doc, name);
  return (
    all.find((t) => t.section === 0 && t.conditions.length === 0) ??
    all.find((t) => t.section === 0) ??
    all[0]
  );
}
