/**
 * The lines of a text by offset, losing no byte (the last line may lack a '\n'): a line's
 * text (without its '\n'; a '\r' stays) is sliced only when asked for, so a 50 MB patch costs
 * one array of offsets, not an object and a string per line.
 */
export interface Lines {
  readonly length: number;
  /** Line i without its '\n'; '' past the end. */
  text(i: number): string;
  /** Offset of line i's first character. */
  start(i: number): number;
  /** Offset after line i's '\n' (or the text's end). */
  end(i: number): number;
}

/** Index the lines of a text (two passes of indexOf: count, then record each line's start). */
export function indexLines(text: string): Lines {
  let count = 0;
  for (let at = 0; at < text.length; count++) {
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length : nl + 1;
  }
  const starts = new Uint32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = at;
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length : nl + 1;
  }
  starts[count] = text.length;
  return {
    length: count,
    text: (i) => {
      if (i < 0 || i >= count) return '';
      const end = starts[i + 1]!;
      return text.slice(starts[i]!, end > starts[i]! && text.charCodeAt(end - 1) === 10 ? end - 1 : end);
    },
    start: (i) => starts[i]!,
    end: (i) => starts[i + 1]!,
  };
}

/** A line without a trailing '\r' (for header parsing; diff content keeps its '\r'). */
export function noCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

export function isBlank(s: string): boolean {
  return /^\s*$/.test(s);
}
