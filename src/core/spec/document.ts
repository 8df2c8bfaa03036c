import type { SpecDocument, SpecLine } from './types.js';

/**
 * Split text into lines, keeping each line's own end of line. Never throws;
 * printSpec(parseSpec(t)) === t for every string t.
 */
export function parseSpec(text: string, file?: string): SpecDocument {
  const lines: SpecLine[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ text: text.slice(start), eol: '' });
      break;
    }
    const crlf = nl > start && text.charCodeAt(nl - 1) === 13;
    lines.push({ text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return file === undefined ? { lines } : { lines, file };
}

export function printSpec(doc: SpecDocument): string {
  const parts: string[] = new Array(doc.lines.length);
  for (let i = 0; i < doc.lines.length; i++) {
    const l = doc.lines[i]!;
    parts[i] = l.text + l.eol;
  }
  return parts.join('');
}

/** The end of line new lines should use: the most common one in the document. */
export function dominantEol(doc: SpecDocument): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const l of doc.lines) {
    if (l.eol === '\r\n') crlf++;
    else if (l.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

function withLines(doc: SpecDocument, lines: SpecLine[]): SpecDocument {
  return doc.file === undefined ? { lines } : { lines, file: doc.file };
}

/** Replace the text of one line, keeping its end of line. */
export function replaceLineText(doc: SpecDocument, index: number, text: string): SpecDocument {
  const lines = doc.lines.slice();
  const old = lines[index]!;
  lines[index] = { text, eol: old.eol };
  return withLines(doc, lines);
}

/**
 * Insert lines after line `after` (-1 = at the top). When inserting after a
 * last line without a newline, that line gets one and the last inserted line
 * carries the missing newline instead, so removing them again restores the bytes.
 */
export function insertLines(doc: SpecDocument, after: number, texts: readonly string[]): SpecDocument {
  if (texts.length === 0) return doc;
  const eol = dominantEol(doc);
  const lines = doc.lines.slice();
  const added: SpecLine[] = texts.map((text) => ({ text, eol }));
  const anchor = after >= 0 ? lines[after] : undefined;
  if (anchor && after === lines.length - 1 && anchor.eol === '') {
    lines[after] = { text: anchor.text, eol };
    added[added.length - 1] = { text: texts[texts.length - 1]!, eol: '' };
  }
  lines.splice(after + 1, 0, ...added);
  return withLines(doc, lines);
}

/**
 * Remove the given lines. If the removed set includes the last line and that
 * line had no newline, the new last line loses its newline (mirror of insertLines).
 */
export function removeLines(doc: SpecDocument, indexes: Iterable<number>): SpecDocument {
  const drop = new Set(indexes);
  if (drop.size === 0) return doc;
  const lastIndex = doc.lines.length - 1;
  const lines = doc.lines.filter((_, i) => !drop.has(i));
  const last = lines[lines.length - 1];
  if (drop.has(lastIndex) && doc.lines[lastIndex]!.eol === '' && last) {
    lines[lines.length - 1] = { text: last.text, eol: '' };
  }
  return withLines(doc, lines);
}
