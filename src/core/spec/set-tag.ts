import { DistsyncError } from '../errors.js';
import { replaceLineText } from './document.js';
import { matchClose, parseBraceCall } from './macro-syntax.js';
import { expandMacros } from './macros.js';
import { structureOf } from './structure.js';
import { parseTagLine } from './tag-lines.js';
import { getTag } from './tags.js';
import type { SpecDocument, SpecTag } from './types.js';

function mustGet(doc: SpecDocument, name: string): SpecTag {
  const tag = getTag(doc, name);
  if (!tag || tag.fromList) {
    throw new DistsyncError('bad-spec', `the spec has no ${name} tag`, {
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      next: `add '${name}: …' to the preamble`,
    });
  }
  return tag;
}

/** Replace a tag's value in place: the name, separator (alignment) and anything after the value stay. */
export function setTagValue(doc: SpecDocument, name: string, value: string): SpecDocument {
  if (/[\r\n]/.test(value)) throw new DistsyncError('bad-spec', `a ${name} value cannot span lines`, { next: 'pass a one-line value' });
  const tag = mustGet(doc, name);
  const text = structureOf(doc).texts[tag.line]!;
  const t = parseTagLine(text)!;
  const end = t.valueStart + text.slice(t.valueStart).trimEnd().length;
  const sep = t.valueStart === t.colon + 1 && value !== '' && end === t.valueStart ? ' ' : '';
  return replaceLineText(doc, tag.line, text.slice(0, t.valueStart) + sep + value + text.slice(end));
}

/** Top-level non-conditional macro references of a value ('%{x}', '%x'), with their spans; null when it has %(…) or %[…]. */
function plainRefs(value: string): { name: string; start: number; end: number }[] | null {
  const out: { name: string; start: number; end: number }[] = [];
  for (let p = value.indexOf('%'); p >= 0; p = value.indexOf('%', p)) {
    const c = value[p + 1];
    if (c === '%') {
      p += 2;
    } else if (c === '{') {
      const close = matchClose(value, p + 1, '{', '}');
      if (close < 0) return null;
      const call = parseBraceCall(value.slice(p + 2, close));
      if (call && !call.conditional && call.colonArg === undefined && call.spaceArg === undefined) out.push({ name: call.name, start: p, end: close + 1 });
      p = close + 1;
    } else if (c === '(' || c === '[') {
      return null;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(p + 1));
      if (m) out.push({ name: m[0], start: p, end: p + 1 + m[0].length });
      p += 1 + (m ? m[0].length : 0);
    }
  }
  return out;
}

const DEF_LINE = (name: string): RegExp => new RegExp(`^([ \\t]*%(?:global|define)[ \\t]+${name}[ \\t]+)(\\S.*?)([ \\t]*)$`);

/**
 * The %global/%define line that really holds a tag's value, when the value is
 * one plain macro (plus conditional macros that expand to nothing, like
 * %{?prerel:~%{prerel}}), following chains like %global ver %{upstream_ver}.
 */
export function definitionHolding(doc: SpecDocument, tag: SpecTag): { line: number; prefix: string; suffix: string } | null {
  const s = structureOf(doc);
  let value = tag.value;
  let before = tag.line;
  for (let hop = 0; hop < 8; hop++) {
    const refs = plainRefs(value);
    if (!refs || refs.length !== 1) return null;
    const { name, start, end } = refs[0]!;
    const rest = value.slice(0, start) + value.slice(end);
    if (expandMacros(doc, rest, { line: before }).value !== '') return null;
    const re = DEF_LINE(name);
    let found = -1;
    for (let i = before - 1; i >= 0 && found < 0; i--) if (s.head[i] === i && s.end[i] === i && re.test(s.texts[i]!)) found = i;
    if (found < 0 || s.cond.scopeOf[found]) return null; // a conditional definition: too clever to edit
    const m = re.exec(s.texts[found]!)!;
    const body = m[2]!;
    if (!/%/.test(body)) return { line: found, prefix: m[1]!, suffix: m[3]! };
    value = body;
    before = found;
  }
  return null;
}

/** Set Version; when Version is %{myver} defined in the spec, change the %global/%define instead. */
export function setVersion(doc: SpecDocument, version: string): SpecDocument {
  const tag = mustGet(doc, 'Version');
  const def = definitionHolding(doc, tag);
  if (!def) return setTagValue(doc, 'Version', version);
  return replaceLineText(doc, def.line, def.prefix + version + def.suffix);
}
