/** One line of a text: `text` without its '\n' (a '\r' stays), `start`/`end` offsets (end is after the '\n'). */
export interface TextLine {
  text: string;
  start: number;
  end: number;
}

/** Split a text into lines with their offsets, losing no byte: the last line may lack a '\n'. */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push({ text: text.slice(start, nl < 0 ? text.length : nl), start, end });
    start = end;
  }
  return lines;
}

/** A line without a trailing '\r' (for header parsing; diff content keeps its '\r'). */
export function noCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

export function isBlank(s: string): boolean {
  return /^\s*$/.test(s);
}
