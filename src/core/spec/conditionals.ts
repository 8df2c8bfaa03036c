/**
 * %if/%ifarch/%ifnarch/%ifos/%ifnos/%elif/%elifarch/%elifos/%else/%endif
 * nesting, across sections, as rpm 4.18 classifies the lines
 * (build/parseSpec.c parseLineType: leading blanks allowed; the %if family
 * needs a blank or the end of line after the keyword, %else/%endif a non-letter).
 */

export type BranchKind = 'if' | 'ifarch' | 'ifnarch' | 'ifos' | 'ifnos' | 'elif' | 'elifarch' | 'elifos' | 'else';

export interface Branch {
  line: number;
  kind: BranchKind;
  /** The expression / token list after the keyword (continuation lines joined). */
  args: string;
  /** The directive as written, trimmed (continuation lines joined with a blank). */
  text: string;
}

export interface CondBlock {
  branches: Branch[];
  /** The %endif line, or -1 when the block is never closed. */
  endLine: number;
  /** Scope the %if line itself sits in. */
  parent: Scope | null;
}

/** One branch of one block: where a line sits. */
export interface Scope {
  block: CondBlock;
  branch: number;
  parent: Scope | null;
}

export interface Conditionals {
  /** Innermost scope of each line; directive lines sit in their block's parent scope. */
  scopeOf: (Scope | null)[];
  /** For directive lines: the block and which branch it opens (-1 for %endif). */
  directiveAt: Map<number, { block: CondBlock; branch: number }>;
  blocks: CondBlock[];
}

const KEYWORDS: readonly (BranchKind | 'endif')[] = [
  'endif',
  'else',
  'ifarch',
  'ifnarch',
  'ifos',
  'ifnos',
  'if',
  'elifarch',
  'elifos',
  'elif',
];

/** The directive keyword of a line, if it is one. */
export function directiveKind(text: string): BranchKind | 'endif' | null {
  const m = /^[ \t]*%([a-z]+)/.exec(text);
  if (!m) return null;
  const word = m[1]!;
  const after = text.charAt(m[0].length);
  for (const k of KEYWORDS) {
    if (!word.startsWith(k)) continue;
    const next = text.charAt(m[0].length - word.length + k.length);
    if (k === 'endif' || k === 'else') {
      if (word.length === k.length && !/[A-Za-z]/.test(after)) return k;
      continue;
    }
    if (word.length === k.length && (next === '' || next === ' ' || next === '\t' || next === '\r')) return k;
  }
  return null;
}

export function computeConditionals(
  texts: readonly string[],
  head: Int32Array,
  end: Int32Array,
): Conditionals {
  const scopeOf: (Scope | null)[] = new Array(texts.length).fill(null);
  const directiveAt = new Map<number, { block: CondBlock; branch: number }>();
  const blocks: CondBlock[] = [];
  let current: Scope | null = null;

  for (let i = 0; i < texts.length; i++) {
    if (head[i] !== i) {
      scopeOf[i] = current;
      continue;
    }
    const kind = directiveKind(texts[i]!);
    if (kind === null || ((kind === 'endif' || kind === 'else' || kind.startsWith('elif')) && !current)) {
      scopeOf[i] = current;
      continue;
    }
    const joined = joinStatement(texts, i, end[i]!);
    const args = joined.replace(/^[ \t]*%[a-z]+/, '').trim();
    if (kind === 'endif') {
      const scope: Scope = current!;
      scope.block.endLine = i;
      directiveAt.set(i, { block: scope.block, branch: -1 });
      current = scope.parent;
      scopeOf[i] = current;
    } else if (kind === 'else' || kind.startsWith('elif')) {
      const scope: Scope = current!;
      scope.block.branches.push({ line: i, kind, args, text: joined.trim() });
      const branch = scope.block.branches.length - 1;
      directiveAt.set(i, { block: scope.block, branch });
      scopeOf[i] = scope.parent;
      current = { block: scope.block, branch, parent: scope.parent };
    } else {
      const block: CondBlock = { branches: [{ line: i, kind, args, text: joined.trim() }], endLine: -1, parent: current };
      blocks.push(block);
      directiveAt.set(i, { block, branch: 0 });
      scopeOf[i] = current;
      current = { block, branch: 0, parent: current };
    }
  }
  return { scopeOf, directiveAt, blocks };
}

/** A statement's text with backslash-newline continuations replaced by blanks (rpm does that for directives). */
export function joinStatement(texts: readonly string[], from: number, to: number): string {
  if (from === to) return texts[from]!;
  const parts: string[] = [];
  for (let k = from; k <= to; k++) parts.push(texts[k]!.replace(/\\\r?$/, ' '));
  return parts.join(' ');
}

/** Raw texts of the enclosing directives, outermost first, each block's branch chain up to the line's branch. */
export function conditionTexts(scope: Scope | null): string[] {
  const chain: Scope[] = [];
  for (let s = scope; s; s = s.parent) chain.push(s);
  const out: string[] = [];
  for (let k = chain.length - 1; k >= 0; k--) {
    const s = chain[k]!;
    for (let b = 0; b <= s.branch; b++) out.push(s.block.branches[b]!.text);
  }
  return out;
}
