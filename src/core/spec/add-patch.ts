import { DistsyncError } from '../errors.js';
import { afterConditionals } from './block-edges.js';
import { insertLines } from './document.js';
import { formatPatchLine } from './patch-line-style.js';
import { analysePrep } from './prep.js';
import { findSection, structureOf, type Structure } from './structure.js';
import { parseTagLine } from './tag-lines.js';
import type { PrepAnalysis, SpecDocument, SpecTag } from './types.js';

export interface NewPatch {
  file: string;
  number?: number;
  strip?: number;
  /** Comment text above the tag, one entry a line, written as '# <text>' ('#' when empty). */
  comment?: string[];
  /** The %patch line (0-based) to write the new one after, in its style; default: the last unconditional one. */
  afterLine?: number;
  /** Whole comment lines written as they are (each starts with '#'); wins over `comment`. */
  commentLines?: string[];
}

/** The lines above a new PatchN tag. */
export function commentLinesFor(doc: SpecDocument, p: NewPatch): string[] {
  if (p.commentLines) {
    const badLine = p.commentLines.find((l) => /[\r\n]/.test(l) || !/^[ \t]*#/.test(l));
    if (badLine !== undefined) throw bad(doc, `comment line ${JSON.stringify(badLine)} for ${p.file} is not a single '#' line`, 'pass whole comment lines');
    return p.commentLines;
  }
  return (p.comment ?? []).map((c) => (c === '' ? '#' : `# ${c}`));
}

export function bad(doc: SpecDocument, message: string, next: string, line?: number): DistsyncError {
  return new DistsyncError('bad-spec', message, {
    ...(doc.file !== undefined ? { file: doc.file } : {}),
    ...(line !== undefined ? { line: line + 1 } : {}),
    next,
  });
}

/**
 * Add a PatchN tag after the last Patch tag (outside its %if, aligned like
 * it), or after the last Source tag when there is none; when %prep lists its
 * patches, also add a %patch line after the last unconditional one, in its
 * style. Only the new lines differ from the input.
 */
export function addPatch(doc: SpecDocument, p: NewPatch): { doc: SpecDocument; number: number } {
  if (/[\r\n]/.test(p.file) || p.file.trim() === '') throw bad(doc, `bad patch file name '${p.file}'`, 'pass a single file name');
  const s = structureOf(doc);
  const patches = s.tags.filter((t) => t.name === 'Patch');
  const number = p.number ?? (patches.length ? patches.reduce((m, t) => Math.max(m, t.rpmNumber ?? 0), 0) + 1 : 1);
  const clash = s.patchesByNumber.get(number)?.[0];
  if (clash) throw bad(doc, `Patch${number} already exists`, 'pick another number or leave it out', clash.line);

  const tags = patches.filter((t) => !t.fromList);
  const styleTag = tags.at(-1) ?? lastOf(s, 'Source') ?? s.tags.filter((t) => t.section === 0 && !t.fromList).at(-1);
  if (!styleTag) throw bad(doc, 'the spec has no preamble tags to put a Patch tag after', 'add Name/Version/Source tags first');
  const tagAnchor = afterConditionals(s, styleTag.line);
  const tagLines = [...commentLinesFor(doc, p), tagLineLike(s, styleTag, number, p.file)];

  const prep = findSection(s, 'prep') ? analysePrep(doc) : null;
  const patchLine = prep?.listsPatches ? patchLineFor(s, prep, number, p.strip, p.afterLine) : null;

  let out = doc;
  if (patchLine && patchLine.after > tagAnchor) {
    out = insertLines(out, patchLine.after, [patchLine.text]);
    out = insertLines(out, tagAnchor, tagLines);
  } else {
    out = insertLines(out, tagAnchor, tagLines);
    if (patchLine) out = insertLines(out, patchLine.after, [patchLine.text]);
  }
  return { doc: out, number };
}

export function lastOf(s: Structure, name: string): SpecTag | undefined {
  const all = s.tags.filter((t) => t.name === name && !t.fromList);
  return all.filter((t) => t.section === 0).at(-1) ?? all.at(-1);
}

/** 'Patch3:' + the same blanks/column as the tag we copy the style of. */
export function tagLineLike(s: Structure, style: SpecTag, n: number, file: string): string {
  const text = s.texts[style.line]!;
  const t = parseTagLine(text)!;
  const written = t.written;
  const name = style.name === 'Patch' ? written : written === written.toLowerCase() ? 'patch' : written === written.toUpperCase() ? 'PATCH' : 'Patch';
  const nameEnd = written.length + t.numberText.length;
  const head = `${name}${n}${text.slice(nameEnd, t.colon)}:`;
  const sep = text.slice(t.colon + 1, t.valueStart);
  if (sep.includes('\t')) return `${head}${sep}${file}`;
  const pad = Math.max(sep.length > 0 ? 1 : 0, t.valueStart - head.length);
  return `${head}${' '.repeat(pad)}${file}`;
}

export function patchLineFor(s: Structure, prep: PrepAnalysis, n: number, strip: number | undefined, afterLine?: number): { after: number; text: string } | null {
  const onLines = prep.steps.filter((x) => x.line !== null);
  const plain = onLines.filter((x) => x.conditions.length === 0);
  const chosen = afterLine === undefined ? undefined : onLines.find((x) => x.line === afterLine);
  const style = chosen ?? plain.at(-1) ?? onLines.at(-1);
  if (!style || style.line === null) {
    // No %patch line yet: right after the (last) %setup, in the form every rpm understands.
    const setup = prep.setups.filter((x) => x.macro === 'setup').at(-1);
    return setup ? { after: afterConditionals(s, setup.line), text: `%patch -P ${n} -p${strip ?? 1}` } : null;
  }
  const after = style.conditions.length === 0 ? style.line : afterConditionals(s, style.line);
  const useStrip = strip ?? (style.stripMode === 'patch-default' ? undefined : style.strip);
  return { after, text: formatPatchLine(style, s.texts[style.line]!, n, useStrip) };
}
