import { matchClose } from './macro-syntax.js';
import { structureOf, type Structure } from './structure.js';
import type { SpecDocument } from './types.js';

/** A code macro real rpm is not asked about, and why (for the error that names it). */
export interface UnsentCodeMacro {
  /** The text as distsync meets it: from its `%` to the end of its first line. */
  text: string;
  /** 0-based line where it starts. */
  line: number;
  why: 'continues-past-line' | 'never-closes';
}

/** The spec's macros that run code when rpm reads them, as written. */
export interface CodeMacros {
  /**
   * Texts real rpm evaluates (`--eval-with-rpm`), keyed as the expander meets them, first occurrence
   * order, no duplicates: one-line `%(…)` / `%{lua:…}` (nested ones too), and those inside a
   * `%global`/`%define` body as rpm stores it (backslash-newlines made newlines, every other backslash
   * dropped and the character after it kept): the text rpm is sent and the key its value stands in for.
   */
  sent: string[];
  /** Texts distsync never meets whole, so rpm is not asked about them (a tag or body line continued onto the next line, an unclosed one). */
  unsent: UnsentCodeMacro[];
}

const DEFINE_HEAD = /^[ \t]*%(?:define|global)[ \t]/;

/**
 * Every `%(…)` and `%{lua:…}` outside %changelog, keyed exactly as the
 * expander meets them (the text as written, a %define/%global body as rpm
 * stores it), so values real rpm gives for them can stand in
 * (MacroContext.evaluated). Pure: finds, never runs.
 */
export function codeMacrosOf(doc: SpecDocument): CodeMacros {
  const s = structureOf(doc);
  const sent = new Set<string>();
  const unsent = new Map<string, UnsentCodeMacro>();
  const { text, lineAt, inDefine } = readable(s);
  for (let p = text.indexOf('%'); p >= 0; p = text.indexOf('%', p + 1)) {
    if (text[p + 1] === '%') {
      p++;
      continue;
    }
    const paren = text[p + 1] === '(';
    if (!paren && !/^\{lua:/.test(text.slice(p + 1, p + 6))) continue;
    const close = matchClose(text, p + 1, paren ? '(' : '{', paren ? ')' : '}');
    const eol = text.indexOf('\n', p) < 0 ? text.length : text.indexOf('\n', p);
    const raw = close < 0 ? text.slice(p, eol) : text.slice(p, close + 1);
    const line = lineAt(p);
    if (close >= 0 && (!raw.includes('\n') || inDefine(line))) sent.add(inDefine(line, true) ? raw.replace(/\\([\s\S]?)/g, '$1') : raw);
    else if (!unsent.has(raw)) unsent.set(raw, { text: text.slice(p, eol), line, why: close < 0 ? 'never-closes' : 'continues-past-line' });
  }
  return { sent: [...sent], unsent: [...unsent.values()] };
}

/**
 * The spec outside %changelog as one text, lines of a multi-line %define/%global without the
 * trailing backslash (rpm's body keeps the newline, drops the backslash), with the line of an offset.
 */
function readable(s: Structure): { text: string; lineAt: (offset: number) => number; inDefine: (line: number, oneLineToo?: boolean) => boolean } {
  /** Is line i part of a %define/%global statement (of several lines, unless oneLineToo)? */
  const defineLine = (i: number, oneLineToo = false) => {
    const h = s.head[i]!;
    return (oneLineToo || s.end[h]! !== h) && DEFINE_HEAD.test(s.texts[h]!);
  };
  const starts: number[] = [];
  let at = 0;
  const parts = s.texts.map((t, i) => {
    starts.push(at);
    const kept = s.sections[s.sectionOf[i]!]!.kind === 'changelog' ? '' : defineLine(i) ? t.replace(/\\$/, '') : t;
    at += kept.length + 1;
    return kept;
  });
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { text: parts.join('\n'), lineAt, inDefine: defineLine };
}

/** Does this text hold a macro that runs code (`%(…)`, `%{lua:…}`)? */
export function runsCode(text: string): boolean {
  return /(^|[^%])(%%)*%(\(|\{lua:)/.test(text);
}
