import { DistsyncError } from '../errors.js';

/** One token of protobuf text format, with its 1-based position. */
export type Token =
  | { kind: 'ident'; text: string; line: number; column: number }
  | { kind: 'string'; value: string; line: number; column: number }
  | { kind: 'number'; text: string; line: number; column: number }
  | { kind: 'punct'; text: string; line: number; column: number }
  | { kind: 'eof'; line: number; column: number };

export function syntaxError(file: string, at: { line: number; column: number }, message: string, next?: string): DistsyncError {
  return new DistsyncError('bad-directive', message, {
    file,
    line: at.line,
    column: at.column,
    next: next ?? 'fix the directive file (protobuf text format of srpmproc.Cfg), then re-run the command',
  });
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/**
 * Split a .cfg into tokens: identifiers, quoted strings (C escapes decoded as bytes, then UTF-8),
 * numbers, punctuation; '#' comments and blanks skipped. Errors carry file, line and column.
 */
export function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = () => ({ line, column: i - lineStart + 1 });
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const at = here();
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))!;
      out.push({ kind: 'ident', text: m[0], ...at });
      i += m[0].length;
    } else if (/[0-9.]/.test(c)) {
      const at = here();
      const m = /^(?:0[xX][0-9A-Fa-f]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?[fF]?|[0-9]+)/.exec(text.slice(i, i + 64));
      if (!m) throw syntaxError(file, at, `unexpected '${c}'`);
      out.push({ kind: 'number', text: m[0], ...at });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const at = here();
      const r = readString(text, i, file, at);
      out.push({ kind: 'string', value: r.value, ...at });
      i = r.next;
    } else if ('{}<>[]:,;-'.includes(c)) {
      out.push({ kind: 'punct', text: c, ...here() });
      i++;
    } else {
      throw syntaxError(file, here(), `unexpected character '${c}'`);
    }
  }
  out.push({ kind: 'eof', ...here() });
  return out;
}

function readString(text: string, start: number, file: string, at: { line: number; column: number }): { value: string; next: number } {
  const quote = text[start]!;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = start + 1;
  for (;;) {
    if (i >= text.length || text[i] === '\n') throw syntaxError(file, at, 'string is not closed on its line', `close it with ${quote}`);
    const c = text[i]!;
    if (c === quote) break;
    if (c !== '\\') {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(ch));
      i += ch.length;
      continue;
    }
    const e = text[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))!;
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += 1 + m[0].length;
    } else if (e === 'x' || e === 'X') {
      const m = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 2, i + 4));
      if (!m) throw syntaxError(file, at, 'bad \\x escape in string');
      bytes.push(parseInt(m[0], 16));
      i += 2 + m[0].length;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(hex)) throw syntaxError(file, at, `bad \\${e} escape in string`);
      bytes.push(...encoder.encode(String.fromCodePoint(parseInt(hex, 16))));
      i += 2 + len;
    } else {
      throw syntaxError(file, at, `unknown escape '\\${e}' in string`);
    }
  }
  let value: string;
  try {
    value = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw syntaxError(file, at, 'string is not valid UTF-8 (proto3 strings must be)');
  }
  return { value, next: i + 1 };
}
