import { matchClose } from './macro-syntax.js';
import { structureOf } from './structure.js';
import type { SpecDocument } from './types.js';

/** The spec's macros that run code when rpm reads them, as written. */
export interface CodeMacros {
  /** One-line `%(…)` / `%{lua:…}` texts (nested ones too), first occurrence order, no duplicates. */
  oneLine: string[];
  /** Texts that span several lines (or never close): real rpm is not asked about these. */
  multiLine: string[];
}

/**
 * Every `%(…)` and `%{lua:…}` outside %changelog, keyed exactly as the
 * expander meets them (the text as written), so values real rpm gives for
 * them can stand in (MacroContext.evaluated). Pure: finds, never runs.
 */
export function codeMacrosOf(doc: SpecDocument): CodeMacros {
  const s = structureOf(doc);
  const oneLine = new Set<string>();
  const multiLine = new Set<string>();
  const text = s.texts.map((t, i) => (s.sections[s.sectionOf[i]!]!.kind === 'changelog' ? '' : t)).join('\n');
  for (let p = text.indexOf('%'); p >= 0; p = text.indexOf('%', p + 1)) {
    if (text[p + 1] === '%') {
      p++;
      continue;
    }
    const paren = text[p + 1] === '(';
    if (!paren && !/^\{lua:/.test(text.slice(p + 1, p + 6))) continue;
    const close = matchClose(text, p + 1, paren ? '(' : '{', paren ? ')' : '}');
    const raw = close < 0 ? text.slice(p, text.indexOf('\n', p) < 0 ? text.length : text.indexOf('\n', p)) : text.slice(p, close + 1);
    (close < 0 || raw.includes('\n') ? multiLine : oneLine).add(raw);
  }
  return { oneLine: [...oneLine], multiLine: [...multiLine] };
}

/** Does this text hold a macro that runs code (`%(…)`, `%{lua:…}`)? */
export function runsCode(text: string): boolean {
  return /(^|[^%])(%%)*%(\(|\{lua:)/.test(text);
}
