import { evalExpression, formatExprValue } from './expression.js';
import { matchClose, parseBraceCall, type BraceCall } from './macro-syntax.js';
import type { ExpandResult } from './types.js';

/**
 * Safe rpm macro expansion. Never runs anything: %(…), %{lua:…}, parametric
 * macros, and anything unknown are left exactly as written and reported.
 * Depth and total work are bounded, so self-reference and macro bombs stop.
 */
export interface MacroDef {
  body: string;
  /** Defined with options/arguments ('%global foo() …'): we never call those. */
  parametric: boolean;
}

/** undefined = not defined; 'uncertain' = defined or not depending on something we cannot evaluate. */
export type Lookup = (name: string) => MacroDef | undefined | 'uncertain';

export const MAX_DEPTH = 32;
const MAX_STEPS = 20_000;
const MAX_OUTPUT = 1 << 20;

interface State {
  lookup: Lookup;
  /** Values real rpm gave for `%(…)` / `%{lua:…}` texts, keyed by the text as written (`--eval-with-rpm`). */
  evaluated: Readonly<Record<string, string>> | undefined;
  unresolved: Set<string>;
  steps: number;
}

export function expandWith(text: string, lookup: Lookup, evaluated?: Readonly<Record<string, string>>): ExpandResult {
  const st: State = { lookup, evaluated, unresolved: new Set(), steps: 0 };
  const value = expand(text, st, 0);
  return { value, unresolved: [...st.unresolved] };
}

/** Code rpm would run (%(…), %{lua:…}): rpm's own value when the caller has one, else left as written. */
function runsCode(st: State, raw: string): string {
  const v = st.evaluated !== undefined && Object.hasOwn(st.evaluated, raw) ? st.evaluated[raw] : undefined;
  return v ?? leave(st, raw);
}

function leave(st: State, raw: string): string {
  st.unresolved.add(raw);
  return raw;
}

function expand(text: string, st: State, depth: number): string {
  if (text.indexOf('%') < 0) return text;
  let out = '';
  let p = 0;
  while (p < text.length) {
    const pct = text.indexOf('%', p);
    if (pct < 0) {
      out += text.slice(p);
      break;
    }
    out += text.slice(p, pct);
    const r = expandAt(text, pct, st, depth);
    out += r.text;
    p = r.next;
    if (out.length > MAX_OUTPUT) return out + leave(st, text.slice(p));
  }
  return out;
}

/** Expand the macro starting at text[pct] === '%'. */
function expandAt(text: string, pct: number, st: State, depth: number): { text: string; next: number } {
  const c = text[pct + 1];
  if (c === '%') return { text: '%', next: pct + 2 };
  if (c === '{' || c === '(' || c === '[') {
    const close = matchClose(text, pct + 1, c, c === '{' ? '}' : c === '(' ? ')' : ']');
    if (close < 0) return { text: leave(st, text.slice(pct)), next: text.length };
    const raw = text.slice(pct, close + 1);
    const inner = text.slice(pct + 2, close);
    if (c === '(') return { text: runsCode(st, raw), next: close + 1 };
    if (c === '[') return { text: bracketExpr(raw, inner, st, depth), next: close + 1 };
    const call = parseBraceCall(inner);
    return { text: call ? callMacro(raw, call, st, depth) : leave(st, raw), next: close + 1 };
  }
  const m = /^([!?]*)([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(pct + 1, pct + 200));
  if (m) {
    const raw = '%' + m[0];
    const flags = m[1]!;
    const call: BraceCall = { negate: (flags.split('!').length - 1) % 2 === 1, conditional: flags.includes('?'), name: m[2]! };
    return { text: callMacro(raw, call, st, depth, true), next: pct + raw.length };
  }
  if (c !== undefined && /[0-9*#-]/.test(c)) return { text: leave(st, '%' + c), next: pct + 2 };
  return { text: '%', next: pct + 1 };
}

function bracketExpr(raw: string, inner: string, st: State, depth: number): string {
  const before = st.unresolved.size;
  const expanded = expand(inner, st, depth + 1);
  if (st.unresolved.size !== before) return leave(st, raw);
  const v = evalExpression(expanded);
  return v === null ? leave(st, raw) : formatExprValue(v);
}

const PASSIVE = new Set(['lower', 'upper', 'len', 'basename', 'dirname', 'suffix', 'quote', 'shrink']);

function callMacro(raw: string, call: BraceCall, st: State, depth: number, bare = false): string {
  if (++st.steps > MAX_STEPS || depth > MAX_DEPTH) return leave(st, raw);
  const { name } = call;
  if (!call.conditional) {
    const b = builtin(raw, call, st, depth, bare);
    if (b !== null) return b;
  }
  const def = st.lookup(name);
  if (def === 'uncertain') return leave(st, raw);
  if (call.conditional) {
    const defined = def !== undefined;
    if (call.negate === defined) return '';
    if (call.colonArg !== undefined) return expand(call.colonArg, st, depth + 1);
    if (call.negate) return '';
  }
  if (!def || def.parametric) return leave(st, raw);
  return expand(def.body, st, depth + 1);
}

/** rpm primitives we can evaluate without running anything; null = not a primitive. */
function builtin(raw: string, call: BraceCall, st: State, depth: number, bare: boolean): string | null {
  const { name } = call;
  if (name === 'nil') return '';
  if (name === 'lua') return runsCode(st, raw);
  if (bare) return null;
  const arg = call.colonArg ?? call.spaceArg;
  if (name === 'expand' && call.colonArg !== undefined) return expand(expand(call.colonArg, st, depth + 1), st, depth + 1);
  if (['with', 'without', 'defined', 'undefined'].includes(name) && call.spaceArg !== undefined) {
    const target = expand(call.spaceArg, st, depth + 1).trim();
    const def = st.lookup(name === 'with' || name === 'without' ? `with_${target}` : target);
    if (def === 'uncertain') return leave(st, raw);
    const on = def !== undefined;
    return (name === 'with' || name === 'defined' ? on : !on) ? '1' : '0';
  }
  if (PASSIVE.has(name) && call.colonArg !== undefined && arg !== undefined) {
    const v = expand(arg, st, depth + 1);
    switch (name) {
      case 'lower':
        return v.toLowerCase();
      case 'upper':
        return v.toUpperCase();
      case 'len':
        return String(v.length);
      case 'basename':
        return v.slice(v.lastIndexOf('/') + 1);
      case 'dirname':
        return v.includes('/') ? v.slice(0, v.lastIndexOf('/')) || '/' : '.';
      case 'suffix':
        return v.includes('.') ? v.slice(v.lastIndexOf('.') + 1) : '';
      case 'quote':
        return v;
      case 'shrink':
        return v.trim().replace(/\s+/g, ' ');
    }
  }
  return null;
}
