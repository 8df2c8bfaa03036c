import type { Lines } from './lines.js';

/** Gets each removed ('-') or added ('+') line of a hunk, without its marker, '\r' kept; a "\ No newline" marker as '\\' on the side it follows. */
export type HunkSink = (side: '-' | '+', line: string) => void;

export const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Read one '@@ -a,b +c,d @@' hunk by its line counts, handing each removed
 * and added line to `sink`; an empty line counts as blank context (GNU patch
 * does the same). A "\ No newline" marker is handed as '\\' on the side of
 * the line it follows. Returns the index of the first line after the hunk.
 */
export function readHunk(lines: Lines, at: number, sink: HunkSink): number {
  const m = HUNK.exec(lines.text(at))!;
  let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
  let newLeft = m[4] === undefined ? 1 : Number(m[4]);
  let last: '-' | '+' | ' ' = ' ';
  let i = at + 1;
  const marker = () => {
    if (last !== ' ') sink(last, '\\');
  };
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    const t = lines.text(i);
    const c = t[0];
    if (c === ' ' || t === '' || t === '\r') {
      oldLeft--;
      newLeft--;
      last = ' ';
    } else if (c === '-' && oldLeft > 0) {
      oldLeft--;
      sink('-', t.slice(1));
      last = '-';
    } else if (c === '+' && newLeft > 0) {
      newLeft--;
      sink('+', t.slice(1));
      last = '+';
    } else if (c === '\\') {
      marker();
    } else break; // malformed hunk: stop here
  }
  if (i < lines.length && lines.text(i).startsWith('\\')) {
    marker();
    i++;
  }
  return i;
}
