import { dominantEol } from '../spec/document.js';
import type { SpecDocument, SpecLine } from '../spec/index.js';

/**
 * Line edits against one version of a spec, applied together: every index refers to the document
 * the edits were planned on, so planning never has to track shifted line numbers. Lines that are not
 * edited keep their bytes (text and end of line).
 */
export class SpecEdits {
  private readonly before = new Map<number, string[]>();
  private readonly replaced = new Map<number, string[]>();

  constructor(readonly doc: SpecDocument) {}

  /** New lines before line `index` (index = line count: at the end), after any planned there before. */
  insertBefore(index: number, texts: readonly string[]): void {
    const list = this.before.get(index) ?? [];
    list.push(...texts);
    this.before.set(index, list);
  }

  /** Line `index` becomes these lines ([] removes it). */
  replace(index: number, texts: readonly string[]): void {
    this.replaced.set(index, [...texts]);
  }

  /** The current text of a line, with a planned replacement applied ('\n' joins several). */
  textOf(index: number): string {
    return this.replaced.get(index)?.join('\n') ?? this.doc.lines[index]!.text;
  }

  isRemoved(index: number): boolean {
    return this.replaced.get(index)?.length === 0;
  }

  apply(): SpecDocument {
    const eol = dominantEol(this.doc);
    const out: SpecLine[] = [];
    const n = this.doc.lines.length;
    for (let i = 0; i <= n; i++) {
      const added = this.before.get(i) ?? [];
      if (i === n && added.length > 0 && out.length > 0 && out[out.length - 1]!.eol === '') {
        out[out.length - 1] = { text: out[out.length - 1]!.text, eol };
        out.push(...added.map((text, k): SpecLine => ({ text, eol: k === added.length - 1 ? '' : eol })));
        break;
      }
      out.push(...added.map((text): SpecLine => ({ text, eol })));
      if (i === n) break;
      const line = this.doc.lines[i]!;
      const repl = this.replaced.get(i);
      if (!repl) out.push(line);
      else repl.forEach((text, k) => out.push({ text, eol: k === repl.length - 1 ? line.eol : eol }));
    }
    return this.doc.file === undefined ? { lines: out } : { lines: out, file: this.doc.file };
  }
}
