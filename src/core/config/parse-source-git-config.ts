import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import { DistsyncError } from '../errors.js';
import { sourceGitConfigSchema, type SourceGitConfig } from './source-git-schema.js';
import { explainIssue, lineOf } from './yaml-issues.js';

/** A source-git.yaml is a few hundred bytes; anything this big is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 256 * 1024;
const MAX_ALIASES = 100;
const NEXT = 'fix .distro/source-git.yaml and commit it';

/**
 * YAML 1.2 core schema. Packit reads the same file with PyYAML (YAML 1.1):
 * the schema takes 'yes'/'no'/'on'/'off' as booleans where it wants one, and
 * the renderer quotes every string YAML 1.1 would read otherwise.
 */
export const YAML_OPTIONS = { version: '1.2', uniqueKeys: true, maxAliasCount: MAX_ALIASES } as const;

/**
 * Read `.distro/source-git.yaml`. YAML and schema problems are bad-config
 * errors with the line of the offending key; defaults are filled in; unknown
 * top-level (Packit) keys are kept.
 */
export function parseSourceGitConfig(text: string, file = '.distro/source-git.yaml'): SourceGitConfig {
  const fail = (message: string, line?: number) => new DistsyncError('bad-config', message, { file, ...(line ? { line } : {}), next: NEXT });
  if (text.length > MAX_CONFIG_BYTES) throw fail(`the file is ${text.length} bytes; a source-git config is a few hundred (limit ${MAX_CONFIG_BYTES})`);
  const lc = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lc, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw fail(`YAML syntax error: ${syntax.message.split('\n')[0]}`, lc.linePos(syntax.pos[0]).line);
  if (doc.contents === null) throw fail('the file is empty; it needs at least upstream_ref, specfile_path and downstream_package_name');
  if (!isMap(doc.contents)) {
    const line = doc.contents.range ? lc.linePos(doc.contents.range[0]).line : undefined;
    throw fail('the top level must be a mapping of keys (upstream_ref: …), not a list or a single value', line);
  }
  const input = toJS(doc, fail);
  const res = sourceGitConfigSchema.safeParse(input);
  if (res.success) return res.data as SourceGitConfig;
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
