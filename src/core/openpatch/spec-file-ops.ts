import type { SpecDocument } from '../spec/index.js';
import type { FileOperation } from './cfg-types.js';
import type { SpecEdits } from './spec-edits.js';
import { fieldLine, fieldText } from './spec-fields.js';

export interface TagBlock {
  /** Line of the last `Source…:`/`Patch…:` field. */
  last: number;
  /** Where new tags go: the first non-field line after `last` (srpmproc's insertion point). */
  insertAt: number;
  /** Number of the last numbered tag (0 when none). */
  lastNumber: number;
  numbers: Set<number>;
}

const TAG = { Source: /^Source(\d*)$/, Patch: /^Patch(\d*)$/ };

/** srpmproc's view of the Source or Patch tags: `SourceN:`/`PatchN:` field lines, case as written. */
export function tagBlock(doc: SpecDocument, type: 'Source' | 'Patch', removed: (i: number) => boolean): TagBlock | null {
  let last = -1;
  let lastNumber = 0;
  const numbers = new Set<number>();
  doc.lines.forEach((l, i) => {
    const f = fieldLine(l.text);
    const m = f ? TAG[type].exec(f.name) : null;
    if (!m) return;
    last = i;
    if (m[1] !== '') {
      lastNumber = Number(m[1]);
      if (!removed(i)) numbers.add(lastNumber);
    }
  });
  if (last < 0) return null;
  let insertAt = last + 1;
  while (insertAt < doc.lines.length && fieldLine(doc.lines[insertAt]!.text)) insertAt++;
  return { last, insertAt, lastNumber, numbers };
}

/** `file { delete: true }`: the `SourceN:`/`PatchN:` lines whose value is exactly the name. Returns their 1-based lines. */
export function deleteTag(doc: SpecDocument, edits: SpecEdits, op: FileOperation, name: string): number[] {
  const re = TAG[op.type as 'Source' | 'Patch'];
  const hit: number[] = [];
  doc.lines.forEach((l, i) => {
    const f = fieldLine(edits.textOf(i));
    if (f && re.test(f.name) && f.value === name && !edits.isRemoved(i)) {
      edits.replace(i, []);
      hit.push(i + 1);
    }
  });
  return hit;
}

export interface AddedTag {
  number: number;
  text: string;
  before: number;
}

/** `file { add: true }` of one type, in cfg order: numbers last + 1, + 2, … at the insertion point. */
export function addTags(doc: SpecDocument, block: TagBlock, type: 'Source' | 'Patch', names: readonly string[], disableAutoAlign: boolean): AddedTag[] {
  let n = block.lastNumber;
  const like = doc.lines[block.last]!.text;
  return names.map((name) => {
    n++;
    return { number: n, text: fieldText(`${type}${n}`, name, like, disableAutoAlign), before: block.insertAt };
  });
}
