import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** 'files_to_sync[1].src' */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

/** 1-based line of the node at `path`, or of the nearest parent that exists. */
export function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined;
    if (!node || !('range' in node) || !node.range) continue;
    if (key !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return lc.linePos(keyNode.range[0]).line;
    }
    return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** One zod issue as 'key X: expected …' with the path it is about (unions: the branch of the value's kind). */
export function explainIssue(issue: Issue, input: unknown): { path: PropertyKey[]; key?: string; text: string } {
  const path = [...issue.path];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return { path, text: `key ${keyPath(path)}: required, but missing` };
      const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ` (quote it: '${String(value)}')` : '';
      return { path, text: `key ${keyPath(path)}: expected ${issue.expected === 'object' ? 'a mapping' : issue.expected}, got ${describe(value)}${hint}` };
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      return { path, key, text: `key ${keyPath([...path, key])}: unknown key${issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(', ')})` : ''}` };
    }
    case 'invalid_union': {
      const branch = issue.errors.find((errs) => errs.every((e) => !(e.code === 'invalid_type' && e.path.length === 0))) ?? issue.errors[0];
      const inner = branch?.[0];
      if (inner) return explainIssue({ ...inner, path: [...path, ...inner.path] } as Issue, input);
      return { path, text: `key ${keyPath(path)}: got ${describe(value)}` };
    }
    case 'invalid_value':
      return { path, text: `key ${keyPath(path)}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}` };
    default:
      return { path, text: `key ${keyPath(path)}: ${issue.message}` };
  }
}
