import type { SpecDocument } from '../spec/index.js';
import type { SearchAndReplaceOperation } from './cfg-types.js';
import { SpecEdits } from './spec-edits.js';
import { fieldLine, replaceN } from './spec-fields.js';

export interface SearchResult {
  doc: SpecDocument;
  /** Per operation: replacements made and the (1-based, input) lines they were made on. */
  hits: { count: number; lines: number[] }[];
}

/**
 * srpmproc's search_and_replace, line by line in file order, every operation in cfg order on each
 * line: `any` on every line, `starts_with`/`ends_with` on lines whose trimmed text starts/ends with
 * `find`, `field` on the value of `Field:` lines (`^[a-zA-Z0-9]+:`); `n` counts per line (-1 = all,
 * 0 = none, as Go's strings.Replace). Like srpmproc, the first non-field line under `%changelog` is
 * left alone. A replacement containing '\n' makes several lines.
 */
export function searchAndReplace(doc: SpecDocument, ops: readonly SearchAndReplaceOperation[], strings: (s: string) => string): SearchResult {
  const hits = ops.map(() => ({ count: 0, lines: [] as number[] }));
  const edits = new SpecEdits(doc);
  let skipNext = false;
  doc.lines.forEach((l, i) => {
    let text = l.text;
    const isField = fieldLine(text) !== null;
    const skip = skipNext && !isField;
    if (skip) skipNext = false;
    if (text.trim() === '%changelog') skipNext = true;
    if (skip) return;
    ops.forEach((op, k) => {
      const find = strings(op.find ?? '');
      const repl = strings(op.replace ?? '');
      const n = op.n ?? 0;
      const trimmed = text.trim();
      let r: { text: string; count: number } | null = null;
      if (op.any) r = replaceN(text, find, repl, n);
      else if (op.starts_with && trimmed.startsWith(find)) r = replaceN(text, find, repl, n);
      else if (op.ends_with && trimmed.endsWith(find)) r = replaceN(text, find, repl, n);
      if (r && r.count > 0) {
        text = r.text;
        hits[k]!.count += r.count;
        hits[k]!.lines.push(i + 1);
      }
    });
    const f = isField ? fieldLine(text) : null;
    if (f) {
      ops.forEach((op, k) => {
        if (op.field === undefined || f.name !== strings(op.field)) return;
        const r = replaceN(f.value, strings(op.find ?? ''), strings(op.replace ?? ''), op.n ?? 0);
        if (r.count === 0) return;
        f.value = r.text;
        text = f.prefix + f.value + f.suffix;
        hits[k]!.count += r.count;
        hits[k]!.lines.push(i + 1);
      });
    }
    if (text !== l.text) edits.replace(i, text.split('\n'));
  });
  return { doc: edits.apply(), hits };
}
