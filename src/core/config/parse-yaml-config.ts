import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { DistsyncError } from '../errors.js';
import { explainIssue, lineOf } from './yaml-issues.js';

/** A config file is a few hundred bytes; anything this big is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 256 * 1024;
const MAX_ALIASES = 100;

/**
 * YAML 1.2 core schema. Packit reads the same files with PyYAML (YAML 1.1):
 * the schemas take 'yes'/'no'/'on'/'off' as booleans where they want one, and
 * the renderer quotes every string YAML 1.1 would read otherwise.
 */
export const YAML_OPTIONS = { version: '1.2', uniqueKeys: true, maxAliasCount: MAX_ALIASES } as const;

export interface ConfigFileSpec<S extends z.ZodType> {
  schema: S;
  file: string;
  /** The fix named in every error. */
  next: string;
  /** Said when the file is empty. */
  emptyHint: string;
  /** A top-level key that must not be there: why, or undefined. */
  keyProblem?: (key: string) => string | undefined;
}

/**
 * Read a YAML config file against its zod schema. YAML and schema problems
 * are bad-config errors with the line of the offending key; defaults are
 * filled in.
 */
export function parseYamlConfig<S extends z.ZodType>(text: string, spec: ConfigFileSpec<S>): z.output<S> {
  const { file } = spec;
  const fail = (message: string, line?: number) => new DistsyncError('bad-config', message, { file, ...(line ? { line } : {}), next: spec.next });
  if (text.length > MAX_CONFIG_BYTES) throw fail(`the file is ${text.length} bytes; a config is a few hundred (limit ${MAX_CONFIG_BYTES})`);
  const lc = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lc, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw fail(`YAML syntax error: ${syntax.message.split('\n')[0]}`, lc.linePos(syntax.pos[0]).line);
  if (doc.contents === null) throw fail(`the file is empty; ${spec.emptyHint}`);
  if (!isMap(doc.contents)) {
    const line = doc.contents.range ? lc.linePos(doc.contents.range[0]).line : undefined;
    throw fail('the top level must be a mapping of keys (key: value), not a list or a single value', line);
  }
  const input = toJS(doc, fail);
  for (const key of Object.keys(input as object)) {
    const why = spec.keyProblem?.(key);
    if (why) throw fail(`key ${key}: ${why}`, lineOf(doc, lc, [], key));
  }
  const res = spec.schema.safeParse(input);
  if (res.success) return res.data;
  const problems = res.error.issues.map((i) => explainIssue(i, input)).map((p) => ({ ...p, line: lineOf(doc, lc, p.path, p.key) }));
  const [first, ...rest] = problems;
  const more = rest.map((p) => `\n  also${p.line ? ` (line ${p.line})` : ''}: ${p.text}`).join('');
  throw fail(`${first!.text}${more}`, first!.line);
}

function toJS(doc: Document, fail: (m: string, line?: number) => DistsyncError): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // yaml throws a ReferenceError for alias bombs ("Excessive alias count …")
    throw fail(`cannot expand the YAML: ${e instanceof Error ? e.message : String(e)}; do not use anchors and aliases (&x / *x) here`);
  }
}
