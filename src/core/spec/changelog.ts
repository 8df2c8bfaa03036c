import { insertLines } from './document.js';
import { findSection, sectionLayoutOf } from './structure.js';
import type { SpecDocument } from './types.js';

export interface ChangelogEntry {
  date: Date;
  author: string;
  email: string;
  evr: string;
  lines: string[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Sun Nov 22 2026' (UTC; the caller passes the date, the core has no clock). */
export function changelogDate(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${d.getUTCFullYear()}`;
}

const escape = (s: string): string => s.replace(/%/g, '%%');

/** The text lines of one entry: header, '- item' lines (continuation lines indented), % escaped as %%. */
export function formatChangelogEntry(e: ChangelogEntry): string[] {
  const header = `* ${changelogDate(e.date)} ${escape(e.author)} <${escape(e.email)}> - ${escape(e.evr)}`;
  const body: string[] = [];
  for (const item of e.lines) {
    const [first = '', ...more] = item.split(/\r?\n/);
    body.push(`- ${escape(first)}`);
    for (const m of more) body.push(`  ${escape(m)}`);
  }
  return [header, ...body];
}

function usesAutochangelog(doc: SpecDocument): boolean {
  const s = sectionLayoutOf(doc);
  const cl = findSection(s, 'changelog');
  if (!cl) return false;
  for (let i = cl.start; i < cl.end; i++) if (/%\{?\??autochangelog\b/.test(s.texts[i]!)) return true;
  return false;
}

/**
 * Put a new entry at the top of %changelog (creating the section at the end
 * when there is none). Specs using %autochangelog come back unchanged, added = false.
 */
export function addChangelogEntry(doc: SpecDocument, e: ChangelogEntry): { doc: SpecDocument; added: boolean } {
  if (usesAutochangelog(doc)) return { doc, added: false };
  const s = sectionLayoutOf(doc);
  const entry = formatChangelogEntry(e);
  const cl = findSection(s, 'changelog');
  if (!cl) {
    const lastText = s.texts.length > 0 && s.texts[s.texts.length - 1]!.trim() !== '';
    return { doc: insertLines(doc, doc.lines.length - 1, [...(lastText ? [''] : []), '%changelog', ...entry]), added: true };
  }
  let first = cl.start;
  while (first < cl.end && s.texts[first]!.trim() === '') first++;
  const hasEntries = first < cl.end;
  return { doc: insertLines(doc, hasEntries ? first - 1 : cl.header, hasEntries ? [...entry, ''] : entry), added: true };
}

/** %changelog entries, newest (first) first: the '* …' header and the lines under it (trailing blank lines dropped). */
export function getChangelogEntries(doc: SpecDocument): { header: string; lines: string[] }[] {
  const s = sectionLayoutOf(doc);
  const cl = findSection(s, 'changelog');
  if (!cl) return [];
  const out: { header: string; lines: string[] }[] = [];
  for (let i = cl.start; i < cl.end; i++) {
    const t = s.texts[i]!;
    if (t.startsWith('*')) out.push({ header: t, lines: [] });
    else if (out.length > 0) out[out.length - 1]!.lines.push(t);
  }
  for (const e of out) while (e.lines.length > 0 && e.lines[e.lines.length - 1]!.trim() === '') e.lines.pop();
  return out;
}

/**
 * Append item lines (already formatted, e.g. `- Resolves: RHEL-1`) to the newest %changelog entry,
 * after its last non-blank line. No %changelog section or no entry: the document comes back unchanged.
 */
export function appendToNewestChangelogEntry(doc: SpecDocument, lines: readonly string[]): { doc: SpecDocument; added: boolean } {
  if (lines.length === 0) return { doc, added: false };
  const s = sectionLayoutOf(doc);
  const cl = findSection(s, 'changelog');
  if (!cl) return { doc, added: false };
  let header = cl.start;
  while (header < cl.end && !s.texts[header]!.startsWith('*')) header++;
  if (header >= cl.end) return { doc, added: false };
  let last = header;
  for (let i = header + 1; i < cl.end && !s.texts[i]!.startsWith('*'); i++) if (s.texts[i]!.trim() !== '') last = i;
  return { doc: insertLines(doc, last, lines.map(escape)), added: true };
}
