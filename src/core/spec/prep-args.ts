/**
 * Argument handling for %setup / %patch / %autosetup / %autopatch lines, as
 * rpm 4.18 does it: popt-style words (quotes and backslashes honoured),
 * clustered short options ('-qn dir', '-p1', '-P12'), options may follow
 * positional arguments.
 */

/** Split like poptParseArgvString: blanks separate words; '…', "…" and \x group. */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | null = null;
  for (let p = 0; p < text.length; p++) {
    const c = text[p]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && p + 1 < text.length) cur += text[++p];
      else cur += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && p + 1 < text.length) {
      cur += text[++p];
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

export interface ParsedOptions {
  /** Options in the order given: letter and argument (undefined for flags). */
  opts: { letter: string; value?: string }[];
  positional: string[];
  /** Options the macro does not know, or missing arguments. */
  bad: string[];
}

/**
 * Parse words with a getopt-like spec: 'a:b:cDn:T' (a letter followed by ':' takes an argument).
 * A lone '--' ends options.
 */
export function parseOptions(words: readonly string[], spec: string): ParsedOptions {
  const takesArg = new Map<string, boolean>();
  for (let k = 0; k < spec.length; k++) {
    if (spec[k] === ':') continue;
    takesArg.set(spec[k]!, spec[k + 1] === ':');
  }
  const res: ParsedOptions = { opts: [], positional: [], bad: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      res.positional.push(...words.slice(i + 1));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      res.positional.push(w);
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const letter = w[k]!;
      const arg = takesArg.get(letter);
      if (arg === undefined) {
        res.bad.push(`-${letter}`);
        continue;
      }
      if (!arg) {
        res.opts.push({ letter });
        continue;
      }
      const rest = w.slice(k + 1);
      if (rest !== '') res.opts.push({ letter, value: rest });
      else if (i + 1 < words.length) res.opts.push({ letter, value: words[++i]! });
      else res.bad.push(`-${letter}`);
      break;
    }
  }
  return res;
}

/** Last value of an option, if given. */
export function optValue(p: ParsedOptions, letter: string): string | undefined {
  let v: string | undefined;
  for (const o of p.opts) if (o.letter === letter) v = o.value;
  return v;
}

export function hasFlag(p: ParsedOptions, letter: string): boolean {
  return p.opts.some((o) => o.letter === letter);
}

/** A non-negative decimal number as rpm's parseUnsignedNum accepts it, or null. */
export function parseNumber(s: string | undefined): number | null {
  if (s === undefined || !/^[0-9]+$/.test(s.trim())) return null;
  return parseInt(s.trim(), 10);
}
