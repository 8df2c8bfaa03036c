import type { TextLine } from './lines.js';
import type { DiffSection } from './diff-section.js';

export const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Read one '@@ -a,b +c,d @@' hunk by its line counts into the section's
 * removed/added lists; an empty line counts as blank context (GNU patch does
 * the same). A "\ No newline" marker adds '\\' to the list of the line it
 * follows. Returns the index of the first line after the hunk.
 */
export function readHunk(lines: TextLine[], at: number, section: DiffSection): number {
  const m = HUNK.exec(lines[at]!.text)!;
  let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
  let newLeft = m[4] === undefined ? 1 : Number(m[4]);
  section.hunks++;
  let last: '-' | '+' | ' ' = ' ';
  let i = at + 1;
  const marker = () => {
    if (last === '-') section.removed.push('\\');
    else if (last === '+') section.added.push('\\');
  };
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    const t = lines[i]!.text;
    const c = t[0];
    if (c === ' ' || t === '' || t === '\r') {
      oldLeft--;
      newLeft--;
      last = ' ';
    } else if (c === '-' && oldLeft > 0) {
      oldLeft--;
      section.removed.push(t.slice(1));
      last = '-';
    } else if (c === '+' && newLeft > 0) {
      newLeft--;
      section.added.push(t.slice(1));
      last = '+';
    } else if (c === '\\') {
      marker();
    } else break; // malformed hunk: stop here
  }
  if (i < lines.length && lines[i]!.text.startsWith('\\')) {
    marker();
    i++;
  }
  return i;
}
