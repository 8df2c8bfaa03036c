import { rpmvercmp } from './rpmvercmp.js';

/**
 * rpm 4.18 %if / %[…] expressions on already-expanded text (rpmio/expression.c).
 * Integers (decimal), "strings", v"versions", ( ), ! -, * /, + -, relational
 * (all one level, left to right), && and || (ONE level, left to right — rpm
 * evaluates `1 || 0 && 0` to 0), and `c ? a : b`. Bare words and type
 * mismatches are errors: we return null, the caller treats it as unknown.
 */
export type ExprValue = { t: 'int'; v: number } | { t: 'str'; v: string } | { t: 'ver'; v: string };

type Tok =
  | { k: 'int'; v: number }
  | { k: 'str'; v: string }
  | { k: 'ver'; v: string }
  | { k: 'op'; v: string };

class ExprError extends Error {}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let p = 0;
  while (p < s.length) {
    const c = s[p]!;
    if (/\s/.test(c)) {
      p++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(s.slice(p))![0];
      if (/[A-Za-z_]/.test(s[p + m.length] ?? '')) throw new ExprError('bare word');
      out.push({ k: 'int', v: parseInt(m, 10) });
      p += m.length;
    } else if (c === '"' || (c === 'v' && s[p + 1] === '"')) {
      const start = c === 'v' ? p + 2 : p + 1;
      const close = s.indexOf('"', start);
      if (close < 0) throw new ExprError('unterminated string');
      const v = s.slice(start, close);
      out.push(c === 'v' ? { k: 'ver', v } : { k: 'str', v });
      p = close + 1;
    } else {
      const two = s.slice(p, p + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        out.push({ k: 'op', v: two });
        p += 2;
      } else if ('()!<>+-*/?:'.includes(c)) {
        out.push({ k: 'op', v: c });
        p++;
      } else {
        throw new ExprError(`unexpected ${c}`);
      }
    }
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): ExprValue {
    const v = this.ternary();
    if (this.i !== this.toks.length) throw new ExprError('trailing tokens');
    return v;
  }

  private peek(): string | undefined {
    const t = this.toks[this.i];
    return t && t.k === 'op' ? t.v : undefined;
  }

  private ternary(): ExprValue {
    const c = this.logical();
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.ternary();
    if (this.peek() !== ':') throw new ExprError('missing :');
    this.i++;
    const b = this.ternary();
    return truthy(c) ? a : b;
  }

  private logical(): ExprValue {
    let v = this.relational();
    for (let op = this.peek(); op === '&&' || op === '||'; op = this.peek()) {
      this.i++;
      const r = this.relational();
      if (v.t !== r.t) throw new ExprError('types must match');
      if (op === '&&') v = truthy(v) ? r : v;
      else v = truthy(v) ? v : r;
    }
    return v;
  }

  private relational(): ExprValue {
    let v = this.additive();
    for (let op = this.peek(); op && ['==', '!=', '<', '>', '<=', '>='].includes(op); op = this.peek()) {
      this.i++;
      const r = this.additive();
      if (v.t !== r.t) throw new ExprError('types must match');
      const c = compare(v, r);
      const res = op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      v = { t: 'int', v: res ? 1 : 0 };
    }
    return v;
  }

  private additive(): ExprValue {
    let v = this.multiplicative();
    for (let op = this.peek(); op === '+' || op === '-'; op = this.peek()) {
      this.i++;
      const r = this.multiplicative();
      if (v.t !== r.t) throw new ExprError('types must match');
      if (v.t === 'int' && r.t === 'int') v = { t: 'int', v: op === '+' ? v.v + r.v : v.v - r.v };
      else if (v.t === 'str' && op === '+') v = { t: 'str', v: v.v + r.v };
      else throw new ExprError('bad operands');
    }
    return v;
  }

  private multiplicative(): ExprValue {
    let v = this.unary();
    for (let op = this.peek(); op === '*' || op === '/'; op = this.peek()) {
      this.i++;
      const r = this.unary();
      if (v.t !== 'int' || r.t !== 'int') throw new ExprError('bad operands');
      if (op === '/' && r.v === 0) throw new ExprError('division by zero');
      v = { t: 'int', v: op === '*' ? v.v * r.v : Math.trunc(v.v / r.v) };
    }
    return v;
  }

  private unary(): ExprValue {
    const op = this.peek();
    if (op === '!') {
      this.i++;
      return { t: 'int', v: truthy(this.unary()) ? 0 : 1 };
    }
    if (op === '-') {
      this.i++;
      const v = this.unary();
      if (v.t !== 'int') throw new ExprError('bad operand');
      return { t: 'int', v: -v.v };
    }
    return this.primary();
  }

  private primary(): ExprValue {
    const t = this.toks[this.i++];
    if (!t) throw new ExprError('unexpected end');
    if (t.k === 'int') return { t: 'int', v: t.v };
    if (t.k === 'str') return { t: 'str', v: t.v };
    if (t.k === 'ver') return { t: 'ver', v: t.v };
    if (t.v === '(') {
      const v = this.ternary();
      if (this.peek() !== ')') throw new ExprError('missing )');
      this.i++;
      return v;
    }
    throw new ExprError(`unexpected ${t.v}`);
  }
}

function compare(a: ExprValue, b: ExprValue): number {
  if (a.t === 'int' && b.t === 'int') return a.v - b.v;
  if (a.t === 'ver' && b.t === 'ver') return rpmvercmp(a.v, b.v);
  const x = String(a.v);
  const y = String(b.v);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function truthy(v: ExprValue): boolean {
  return v.t === 'int' ? v.v !== 0 : v.v !== '';
}

/** Evaluate; null when rpm would reject the expression. */
export function evalExpression(text: string): ExprValue | null {
  try {
    const toks = tokenize(text);
    if (toks.length === 0) return null;
    return new Parser(toks).parse();
  } catch (e) {
    if (e instanceof ExprError) return null;
    throw e;
  }
}

export function formatExprValue(v: ExprValue): string {
  return String(v.v);
}
