import { conditionTexts, type CondBlock, type Scope } from './conditionals.js';
import { allowsTags, type Section } from './sections.js';
import type { SpecTag } from './types.js';

/** rpm 4.18 preamble tags, in their usual spelling (rpm matches them case-insensitively). */
const KNOWN = [
  'Name', 'Version', 'Release', 'Epoch', 'Summary', 'License', 'SourceLicense', 'Distribution', 'DistURL',
  'Vendor', 'Group', 'Packager', 'URL', 'BugURL', 'VCS', 'Source', 'Patch', 'NoSource', 'NoPatch',
  'ExcludeArch', 'ExclusiveArch', 'ExcludeOS', 'ExclusiveOS', 'Icon', 'Provides', 'Requires', 'Recommends',
  'Suggests', 'Supplements', 'Enhances', 'PreReq', 'Conflicts', 'Obsoletes', 'Prefixes', 'Prefix', 'BuildRoot',
  'BuildArchitectures', 'BuildArch', 'BuildConflicts', 'BuildPreReq', 'BuildRequires', 'AutoReqProv', 'AutoReq',
  'AutoProv', 'DocDir', 'DistTag', 'OrderWithRequires', 'RemovePathPostfixes', 'ModularityLabel', 'Translations',
];
const CANONICAL = new Map(KNOWN.map((k) => [k.toLowerCase(), k]));

/** 'patch' -> 'Patch', 'buildrequires' -> 'BuildRequires'; unknown names keep their spelling, first letter upper-cased. */
export function canonicalTagName(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name.charAt(0).toUpperCase() + name.slice(1);
}

export interface TagLine {
  /** Name as written, without the number: 'patch', 'Source', 'BuildRequires'. */
  written: string;
  number: number | null;
  /** The number as written ('01'), '' when none. */
  numberText: string;
  qualifier?: string;
  value: string;
  /** Column where the value starts (after ':' and blanks). */
  valueStart: number;
  /** Column of the ':'. */
  colon: number;
}

const TAG_RE = /^([A-Za-z][A-Za-z0-9_]*)(?:\(([^)]*)\))?[ \t]*:/;

/** Parse a preamble line as rpm does (tag at column 0, optional '(qualifier)', blanks before ':' allowed). */
export function parseTagLine(text: string): TagLine | null {
  const m = TAG_RE.exec(text);
  if (!m) return null;
  let written = m[1]!;
  let numberText = '';
  const sp = /^(source|patch)(\d*)$/i.exec(written);
  if (sp) {
    written = sp[1]!;
    numberText = sp[2]!;
  } else if (/\d/.test(written) && !CANONICAL.has(written.toLowerCase())) {
    return null;
  }
  const colon = m[0].length - 1;
  let valueStart = colon + 1;
  while (valueStart < text.length && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
  const value = text.slice(valueStart).trim();
  const tag: TagLine = { written, number: numberText === '' ? null : Number(numberText), numberText, value, valueStart, colon };
  if (m[2] !== undefined) tag.qualifier = m[2];
  return tag;
}

/** '# foo' comment lines directly above a line (top to bottom), without the '# '. */
export function commentAbove(texts: readonly string[], head: Int32Array, line: number): string[] {
  const out: string[] = [];
  for (let k = line - 1; k >= 0; k--) {
    const t = texts[k]!;
    if (head[k] !== k || !/^[ \t]*#/.test(t)) break;
    out.push(t.replace(/^[ \t]*#[ ]?/, ''));
  }
  return out.reverse();
}

export function scanTags(
  texts: readonly string[],
  head: Int32Array,
  sections: readonly Section[],
  sectionOf: Int32Array,
  scopeOf: readonly (Scope | null)[],
  directiveAt: Map<number, { block: CondBlock; branch: number }>,
): SpecTag[] {
  const tags: SpecTag[] = [];
  let nextPatch = 0;
  let nextSource = 0;
  for (let i = 0; i < texts.length; i++) {
    if (head[i] !== i) continue;
    const section = sections[sectionOf[i]!]!;
    if (section.header === i || (section.kind !== 'preamble' && section.kind !== 'package' && section.kind !== 'patchlist' && section.kind !== 'sourcelist')) continue;
    if (directiveAt.has(i)) continue;
    const entry = allowsTags(section.kind) ? fromTagLine(texts[i]!) : fromList(section.kind, texts[i]!);
    if (!entry) continue;
    let rpmNumber: number | null = null;
    if (entry.name === 'Patch') {
      rpmNumber = entry.number ?? nextPatch;
      if (rpmNumber + 1 > nextPatch) nextPatch = rpmNumber + 1;
    } else if (entry.name === 'Source') {
      rpmNumber = entry.number ?? nextSource;
      if (rpmNumber + 1 > nextSource) nextSource = rpmNumber + 1;
    }
    const tag: SpecTag = {
      name: entry.name,
      number: entry.number,
      rpmNumber,
      value: entry.value,
      line: i,
      conditions: conditionTexts(scopeOf[i] ?? null),
      commentAbove: entry.fromList ? [] : commentAbove(texts, head, i),
      section: sectionOf[i]!,
    };
    if (entry.qualifier !== undefined) tag.qualifier = entry.qualifier;
    if (entry.fromList) tag.fromList = true;
    tags.push(tag);
  }
  return tags;
}

type Entry = Pick<SpecTag, 'name' | 'number' | 'value' | 'qualifier' | 'fromList'>;

function fromTagLine(text: string): Entry | null {
  const t = parseTagLine(text);
  if (!t) return null;
  const e: Entry = { name: canonicalTagName(t.written), number: t.number, value: t.value };
  if (t.qualifier !== undefined) e.qualifier = t.qualifier;
  return e;
}

/** rpm 4.18 %patchlist / %sourcelist: one file a line, auto-numbered. */
function fromList(kind: Section['kind'], text: string): Entry | null {
  if (kind !== 'patchlist' && kind !== 'sourcelist') return null;
  const value = text.trim();
  if (value === '' || value.startsWith('#')) return null;
  return { name: kind === 'patchlist' ? 'Patch' : 'Source', number: null, value, fromList: true };
}
