import type { CondBlock, Scope } from './conditionals.js';
import { DEFAULT_ARCH, defaultMacro } from './default-macros.js';
import { evalExpression, truthy } from './expression.js';
import { expandWith, type Lookup } from './macro-expand.js';
import { MacroHistory } from './macro-history.js';
import { recordDefinitions } from './definitions.js';
import { structureOf, type Structure } from './structure.js';
import type { ExpandResult, MacroContext, SpecDocument, Tri } from './types.js';

/**
 * A document seen through one macro context: which lines rpm would read and
 * what each macro means at each line. Built once per (document, context) by
 * one pass over the definitions; conditions are evaluated lazily and cached.
 */
export class Evaluation {
  readonly arch: string;
  readonly os: string;
  readonly history = new MacroHistory();
  private readonly defines: Map<string, string>;
  private readonly evaluated: Readonly<Record<string, string>> | undefined;
  private readonly branchValue = new Map<number, Tri>();
  private readonly scopeValue = new Map<Scope, Tri>();

  constructor(
    readonly doc: SpecDocument,
    readonly s: Structure,
    ctx: MacroContext,
  ) {
    this.defines = new Map(Object.entries(ctx.defines ?? {}));
    this.evaluated = ctx.evaluated;
    this.arch = ctx.arch ?? DEFAULT_ARCH;
    this.os = this.defines.get('_target_os') ?? 'linux';
    recordDefinitions(this);
  }

  /** Macro lookup as seen just before line `before`. */
  lookupAt(before: number): Lookup {
    return (name) => {
      const forced = this.defines.get(name);
      if (forced !== undefined) return { body: forced, parametric: false };
      const h = this.history.get(name, before);
      if (h !== 'absent') return h;
      return defaultMacro(name, this.arch, this.os);
    };
  }

  expand(text: string, before: number): ExpandResult {
    return expandWith(text, this.lookupAt(before), this.evaluated);
  }

  /** Is line i read by rpm for this context? */
  active(i: number): Tri {
    const scope = this.s.cond.scopeOf[i];
    return scope ? this.scopeActive(scope) : 'yes';
  }

  /** Iterative (nesting can be deep in hostile specs): walk up to a known scope, then down. */
  private scopeActive(scope: Scope): Tri {
    const chain: Scope[] = [];
    let known: Tri = 'yes';
    for (let sc: Scope | null = scope; sc; sc = sc.parent) {
      const hit = this.scopeValue.get(sc);
      if (hit) {
        known = hit;
        break;
      }
      chain.push(sc);
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const sc = chain[k]!;
      known = and(known, this.branchTaken(sc.block, sc.branch));
      this.scopeValue.set(sc, known);
    }
    return known;
  }

  /** Branch k of a block is taken when every earlier branch is false and branch k is true. */
  private branchTaken(block: CondBlock, k: number): Tri {
    let v: Tri = 'yes';
    for (let b = 0; b < k; b++) v = and(v, not(this.branchTrue(block, b)));
    return and(v, this.branchTrue(block, k));
  }

  private branchTrue(block: CondBlock, b: number): Tri {
    const br = block.branches[b]!;
    const hit = this.branchValue.get(br.line);
    if (hit) return hit;
    const v = this.evalBranch(br.kind, br.args, br.line);
    this.branchValue.set(br.line, v);
    return v;
  }

  private evalBranch(kind: string, args: string, line: number): Tri {
    if (kind === 'else') return 'yes';
    const { value, unresolved } = this.expand(args, line);
    if (kind === 'if' || kind === 'elif') {
      if (unresolved.length > 0) return 'unknown';
      const r = evalExpression(value);
      return r === null ? 'unknown' : truthy(r) ? 'yes' : 'no';
    }
    const target = kind.endsWith('os') ? this.os : this.arch;
    const tokens = value.split(/\s+/).filter((t) => t !== '');
    const match: Tri = tokens.some((t) => t.toLowerCase() === target.toLowerCase())
      ? 'yes'
      : unresolved.length > 0
        ? 'unknown'
        : 'no';
    return kind === 'ifnarch' || kind === 'ifnos' ? not(match) : match;
  }
}

export function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'yes';
}

export function not(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'unknown';
}

const cache = new WeakMap<SpecDocument, Map<string, Evaluation>>();

export function evaluationOf(doc: SpecDocument, ctx: MacroContext = {}): Evaluation {
  const key = JSON.stringify([ctx.arch ?? DEFAULT_ARCH, Object.entries(ctx.defines ?? {}).sort(), Object.entries(ctx.evaluated ?? {}).sort()]);
  let perDoc = cache.get(doc);
  if (!perDoc) {
    perDoc = new Map();
    cache.set(doc, perDoc);
  }
  let ev = perDoc.get(key);
  if (!ev) {
    ev = new Evaluation(doc, structureOf(doc), ctx);
    perDoc.set(key, ev);
  }
  return ev;
}
