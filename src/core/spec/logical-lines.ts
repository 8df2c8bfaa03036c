import type { SpecLine } from './types.js';

/**
 * rpm reads a spec in "logical lines": a physical line continues onto the
 * next while a `%{`, `%(` or `%[` is open or when it ends in a backslash
 * (rpm 4.18 build/parseSpec.c copyNextLineFromOFI). We mirror that counting.
 *
 * What we record per physical line:
 * - head[i]: the first line of the statement line i belongs to when line i is
 *   swallowed by it (a multi-line %global/%define body, a multi-line %{lua:…}
 *   or %{expand:…} call, a backslash-continued %if); else i itself.
 * - end[i]: for a head, the last line of its statement; else i.
 *
 * Backslash continuations of ordinary lines (shell in %build, a tag) are not
 * swallowed: rpm splits them back into lines after expansion, so each one is
 * classified on its own. A group still open at the end of the file (rpm: error
 * "unclosed macro") is dissolved, so odd input never hides the rest of the spec.
 */
export interface LogicalLines {
  head: Int32Array;
  end: Int32Array;
}

const STATEMENT_HEAD = /^[ \t]*%(?:define|global|if|ifarch|ifnarch|ifos|ifnos|elif|elifarch|elifos|else|endif)\b/;

interface Counters {
  pc: number;
  bc: number;
  xc: number;
}

/** Scan one physical line as rpm does; returns true when it ends in backslash-newline. */
function scan(text: string, eol: string, c: Counters): boolean {
  const s = eol === '\r\n' ? text + '\r' : text;
  const hasNl = eol !== '';
  let nc = false;
  for (let p = 0; p < s.length; p++) {
    const ch = s.charCodeAt(p);
    if (ch === 92 /* \ */) {
      if (p + 1 < s.length) p++;
      else if (hasNl) nc = true;
    } else if (ch === 37 /* % */) {
      const n = s.charCodeAt(p + 1);
      if (n === 123) (c.bc++, p++);
      else if (n === 40) (c.pc++, p++);
      else if (n === 91) (c.xc++, p++);
      else if (n === 37) p++;
    } else if (ch === 123) {
      if (c.bc > 0) c.bc++;
    } else if (ch === 125) {
      if (c.bc > 0) c.bc--;
    } else if (ch === 40) {
      if (c.pc > 0) c.pc++;
    } else if (ch === 41) {
      if (c.pc > 0) c.pc--;
    } else if (ch === 91) {
      if (c.xc > 0) c.xc++;
    } else if (ch === 93) {
      if (c.xc > 0) c.xc--;
    }
  }
  return nc;
}

export function computeLogicalLines(lines: readonly SpecLine[]): LogicalLines {
  const n = lines.length;
  const head = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) head[i] = end[i] = i;

  let i = 0;
  while (i < n) {
    const first = lines[i]!;
    const c: Counters = { pc: 0, bc: 0, xc: 0 };
    let j = i;
    let nc = scan(first.text, first.eol, c);
    let openAny = false;
    while ((c.pc || c.bc || c.xc || nc) && j + 1 < n) {
      if (c.pc || c.bc || c.xc) openAny = true;
      j++;
      const l = lines[j]!;
      nc = scan(l.text, l.eol, c);
    }
    // Still open at the end of the file (rpm: "unclosed macro"): read the rest
    // line by line. Stopping here keeps the scan linear on hostile input.
    if (c.pc || c.bc || c.xc) break;
    const isComment = /^[ \t]*#/.test(first.text);
    if (j > i && !isComment && (openAny || STATEMENT_HEAD.test(first.text))) {
      end[i] = j;
      for (let k = i + 1; k <= j; k++) head[k] = i;
    }
    i = j + 1;
  }
  return { head, end };
}
