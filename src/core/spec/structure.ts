import { computeConditionals, type Conditionals } from './conditionals.js';
import { computeLogicalLines } from './logical-lines.js';
import { computeSections, type Section } from './sections.js';
import { scanTags } from './tag-lines.js';
import type { SpecDocument, SpecTag } from './types.js';

/**
 * Everything about a document that does not depend on a macro context,
 * computed once (linear time) and cached per document object.
 */
export interface Structure {
  texts: readonly string[];
  /** head[i] !== i: line i is swallowed by the statement starting at head[i]. */
  head: Int32Array;
  /** For a statement head, its last line. */
  end: Int32Array;
  sections: Section[];
  sectionOf: Int32Array;
  cond: Conditionals;
  /** All preamble tags (and %patchlist/%sourcelist entries) in file order. */
  tags: SpecTag[];
  /** Tag by line. */
  tagAt: Map<number, SpecTag>;
  /** Patch tags (and %patchlist entries) by rpm number, in file order. */
  patchesByNumber: Map<number, SpecTag[]>;
}

/** The part of the structure that says where sections are: enough for %changelog, and much cheaper than the tags. */
export type SectionLayout = Pick<Structure, 'texts' | 'head' | 'end' | 'sections' | 'sectionOf'>;

const cache = new WeakMap<SpecDocument, Structure>();
const layouts = new WeakMap<SpecDocument, SectionLayout>();

export function sectionLayoutOf(doc: SpecDocument): SectionLayout {
  const hit = layouts.get(doc);
  if (hit) return hit;
  const texts = doc.lines.map((l) => l.text);
  const { head, end } = computeLogicalLines(doc.lines);
  const { sections, sectionOf } = computeSections(texts, (i) => head[i] === i);
  const l: SectionLayout = { texts, head, end, sections, sectionOf };
  layouts.set(doc, l);
  return l;
}

export function structureOf(doc: SpecDocument): Structure {
  const hit = cache.get(doc);
  if (hit) return hit;
  const { texts, head, end, sections, sectionOf } = sectionLayoutOf(doc);
  const cond = computeConditionals(texts, head, end);
  const tags = scanTags(texts, head, sections, sectionOf, cond.scopeOf, cond.directiveAt);
  const tagAt = new Map<number, SpecTag>();
  const patchesByNumber = new Map<number, SpecTag[]>();
  for (const t of tags) {
    tagAt.set(t.line, t);
    if (t.name !== 'Patch' || t.rpmNumber === null) continue;
    const list = patchesByNumber.get(t.rpmNumber);
    if (list) list.push(t);
    else patchesByNumber.set(t.rpmNumber, [t]);
  }
  const s: Structure = { texts, head, end, sections, sectionOf, cond, tags, tagAt, patchesByNumber };
  cache.set(doc, s);
  return s;
}

/** The first section of a kind, or undefined. */
export function findSection(s: Pick<Structure, 'sections'>, kind: Section['kind']): Section | undefined {
  return s.sections.find((x) => x.kind === kind);
}
