import type { SpecDocument } from '../spec/index.js';
import { structureOf } from '../spec/structure.js';
import type { SpecChange } from './cfg-types.js';
import { directiveError } from './directive-error.js';
import type { SpecEdits } from './spec-edits.js';
import { fieldLine, fieldText } from './spec-fields.js';
import { addTags, deleteTag, tagBlock, type TagBlock } from './spec-file-ops.js';
import type { SpecStep } from './apply-spec-change.js';
import { utf8AsBinary as S } from './binary-string.js';
import type { DirectiveRef } from './tree-types.js';

export type RefFn = (kind: string, obj: object, i: number) => DirectiveRef;

/** append to a field: every `Field:` line gets the value at its end. Returns what Release appends add to the changelog version. */
export function applyAppends(s: SpecStep, sc: SpecChange, doc: SpecDocument, edits: SpecEdits, ref: RefFn): string {
  let version = '';
  sc.append.forEach((op, k) => {
    if (op.field!.startsWith('%')) return;
    const lines: number[] = [];
    doc.lines.forEach((_, i) => {
      const f = fieldLine(edits.textOf(i));
      if (!f || f.name !== S(op.field!)) return;
      edits.replace(i, [f.prefix + f.value + S(op.value!) + f.suffix]);
      lines.push(i + 1);
      if (op.field === 'Release') version += S(op.value!);
    });
    if (lines.length === 0) throw directiveError(ref('append', op, k), `no '${op.field}:' line in the spec`, `fix field: (tags are case-sensitive, e.g. Release), or drop this append from ${s.parsed.file}`);
    s.effects.push({ ...ref('append', op, k), summary: `${op.field}: ${JSON.stringify(op.value)} appended on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}` });
  });
  return version;
}

/** file delete, then file add (Sources, then Patches). Returns the %patch lines add_to_prep asks for. */
export function applyFileOps(s: SpecStep, sc: SpecChange, doc: SpecDocument, edits: SpecEdits, ref: RefFn): string[] {
  const prep: string[] = [];
  sc.file.forEach((op, k) => {
    if (!op.delete) return;
    const lines = deleteTag(doc, edits, op, S(op.name!));
    if (lines.length === 0) {
      throw directiveError(ref('file', op, k), `no ${op.type}N: line with the value '${op.name}' in the spec`, `the upstream spec may have dropped it: remove this file { delete } from ${s.parsed.file}, or fix name: (the exact tag value)`);
    }
    s.effects.push({ ...ref('file', op, k), summary: `${op.type} tag '${op.name}' removed (line ${lines.join(', ')}); the file itself stays unless a delete directive removes it` });
  });
  const sources = tagBlock(doc, 'Source', (i) => edits.isRemoved(i));
  const patches = tagBlock(doc, 'Patch', (i) => edits.isRemoved(i));
  for (const type of ['Source', 'Patch'] as const) {
    const ops = sc.file.map((op, k) => ({ op, k })).filter(({ op }) => op.add && op.type === type);
    if (ops.length === 0) continue;
    const block = type === 'Patch' ? (patches ?? sources) : sources;
    if (!block) throw directiveError(ref('file', ops[0]!.op, ops[0]!.k), `the spec has no Source or Patch tag to put ${type} tags after`, 'add a Source0: tag to the spec first');
    const own: TagBlock = type === 'Patch' && !patches ? { ...block, lastNumber: 0, numbers: new Set() } : block;
    const added = addTags(doc, own, type, ops.map(({ op }) => S(op.name!)), sc.disable_auto_align === true);
    added.forEach((a, j) => {
      const { op, k } = ops[j]!;
      const taken = type === 'Patch' ? structureOf(doc).patchesByNumber.has(a.number) || own.numbers.has(a.number) : own.numbers.has(a.number);
      if (taken) throw directiveError(ref('file', op, k), `${type}${a.number} already exists in the spec`, `renumber the spec's ${type} tags so that the last one has the highest number`);
      if (op.add_to_prep) prep.push(`%patch -P${a.number}${op.n_path ? ` -p${op.n_path}` : ''}`);
      s.effects.push({ ...ref('file', op, k), summary: `${type}${a.number}: ${op.name} added before line ${a.before + 1}${op.add_to_prep ? `, '${prep[prep.length - 1]}' at the end of %prep` : ''}` });
    });
    edits.insertBefore(block.insertAt, [...(type === 'Patch' && !patches ? [''] : []), ...added.map((a) => a.text)]);
  }
  return prep;
}

/** new_field: after the last line of the same field, else after the Patch (or Source) tags, after a blank line. */
export function applyNewFields(s: SpecStep, sc: SpecChange, doc: SpecDocument, edits: SpecEdits, ref: RefFn): void {
  sc.new_field.forEach((op, k) => {
    const key = S(op.key!);
    let last = -1;
    doc.lines.forEach((l, i) => {
      if (fieldLine(l.text)?.name === key) last = i;
    });
    const align = sc.disable_auto_align === true;
    if (last >= 0) {
      edits.insertBefore(last + 1, [fieldText(key, S(op.value!), doc.lines[last]!.text, align)]);
      s.effects.push({ ...ref('new_field', op, k), summary: `${op.key}: ${op.value} added after line ${last + 1}` });
      return;
    }
    const block = tagBlock(doc, 'Patch', () => false) ?? tagBlock(doc, 'Source', () => false);
    if (!block) throw directiveError(ref('new_field', op, k), 'the spec has no Source or Patch tag to put a new field after', `add the field to the spec by hand, or drop it from ${s.parsed.file}`);
    edits.insertBefore(block.insertAt, ['', fieldText(key, S(op.value!), doc.lines[block.last]!.text, align)]);
    s.effects.push({ ...ref('new_field', op, k), summary: `${op.key}: ${op.value} added after the tags, before line ${block.insertAt + 1}` });
  });
}

/** append to a section ('%prep'): a line after the section's last non-blank line; then add_to_prep's %patch lines. */
export function applySectionAppends(s: SpecStep, sc: SpecChange, doc: SpecDocument, edits: SpecEdits, ref: RefFn, prepLines: string[]): void {
  const sections = structureOf(doc).sections;
  const endOf = (header: string): number[] =>
    sections
      .filter((x) => x.header >= 0 && doc.lines[x.header]!.text.trim() === header)
      .map((x) => {
        let last = x.end - 1;
        while (last > x.header && doc.lines[last]!.text.trim() === '') last--;
        return last + 1;
      });
  sc.append.forEach((op, k) => {
    if (!op.field!.startsWith('%')) return;
    const at = endOf(S(op.field!));
    if (at.length === 0) throw directiveError(ref('append', op, k), `no '${op.field}' section header line in the spec`, `write the header exactly as in the spec (e.g. %prep), or drop this append from ${s.parsed.file}`);
    for (const i of at) edits.insertBefore(i, S(op.value!).split('\n'));
    s.effects.push({ ...ref('append', op, k), summary: `${JSON.stringify(op.value)} added at the end of ${op.field}` });
  });
  if (prepLines.length === 0) return;
  const at = endOf('%prep');
  if (at.length === 0) throw directiveError({ cfg: s.parsed.file, kind: 'spec_change.file', index: 1 }, 'add_to_prep: the spec has no %prep section', 'drop add_to_prep');
  for (const i of at) edits.insertBefore(i, prepLines);
}

