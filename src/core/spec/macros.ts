import { evaluationOf } from './evaluate.js';
import type { ExpandResult, MacroContext, SpecDocument, Tri } from './types.js';

/**
 * Expand macros in `value` as the spec defines them (at ctx.line, default the
 * end of the spec), with ctx.defines overriding. Never executes anything:
 * %(…), %{lua:…}, parametric and unknown macros stay as written and are
 * listed in `unresolved`. Depth (32) and total work are bounded.
 */
export function expandMacros(doc: SpecDocument, value: string, ctx: MacroContext = {}): ExpandResult {
  const ev = evaluationOf(doc, ctx);
  return ev.expand(value, ctx.line ?? doc.lines.length);
}

/** Would rpm read line `line` for this context? 'unknown' when a condition cannot be evaluated safely. */
export function isLineActive(doc: SpecDocument, line: number, ctx: MacroContext = {}): Tri {
  if (line < 0 || line >= doc.lines.length) return 'unknown';
  return evaluationOf(doc, ctx).active(line);
}
