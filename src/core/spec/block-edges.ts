import type { Scope } from './conditionals.js';
import type { Structure } from './structure.js';

/** The outermost block enclosing a scope (the %if whose %endif closes them all). */
export function outermost(scope: Scope | null): Scope | null {
  let s = scope;
  while (s && s.parent) s = s.parent;
  return s;
}

/** Line to insert after so that new lines sit outside every conditional around `line`. */
export function afterConditionals(s: Structure, line: number): number {
  const top = outermost(s.cond.scopeOf[line] ?? null);
  if (!top || top.block.endLine < 0) return line;
  return top.block.endLine;
}

/** Every line of the blocks around a line that would be empty after removing `removed`: the directives and the blank/comment lines inside. */
export function emptyBlocksAround(s: Structure, line: number, removed: ReadonlySet<number>): number[] {
  const out: number[] = [];
  const gone = new Set(removed);
  for (let scope = s.cond.scopeOf[line] ?? null; scope; scope = scope.parent) {
    const block = scope.block;
    const first = block.branches[0]!.line;
    if (block.endLine < 0) break;
    const inside: number[] = [];
    let empty = true;
    for (let k = first + 1; k < block.endLine; k++) {
      if (gone.has(k)) continue;
      const isDirective = block.branches.some((b) => b.line === k);
      const t = s.texts[k]!.trim();
      if (isDirective || t === '' || (t.startsWith('#') && s.head[k] === k)) inside.push(k);
      else {
        empty = false;
        break;
      }
    }
    if (!empty) break;
    for (const k of [first, ...inside, block.endLine]) {
      gone.add(k);
      out.push(k);
    }
  }
  return out;
}
