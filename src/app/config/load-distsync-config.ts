import { LineCounter, parseDocument, type Document } from 'yaml';
import { DISTSYNC_FILE } from '../../core/config/index.js';
import { CONFIG_EXAMPLE, distsyncConfigSchema, type DistsyncConfig } from './distsync-config-schema.js';

/** Packit's file: its presence makes a repository a source-git repository. */
export const CONFIG_FILE = '.distro/source-git.yaml';
/** distsync's settings. */
export const SETTINGS_FILE = DISTSYNC_FILE;

export interface ConfigProblem {
  file: string;
  line?: number;
  /** Dotted key path, e.g. "dist_git.repo". */
  key: string;
  message: string;
  fix: string;
}

export type ConfigResult = { ok: true; config: DistsyncConfig; notes?: string[] } | { ok: false; problem: ConfigProblem };

export const DEPRECATED_KEY_NOTE = `the distsync: key of ${CONFIG_FILE} is deprecated (Packit refuses the file with it): move its content to ${SETTINGS_FILE}`;

/**
 * Deprecated place: the `distsync:` key of `.distro/source-git.yaml` text,
 * naming file, line, key and fix on error. Still read, with a note.
 */
export function loadDistsyncConfig(text: string): ConfigResult {
  const parsed = parse(text, CONFIG_FILE);
  if ('problem' in parsed) return { ok: false, problem: parsed.problem };
  const root = parsed.root;
  const section = typeof root === 'object' && root !== null ? (root as Record<string, unknown>)['distsync'] : undefined;
  if (section === undefined) {
    return fail(CONFIG_FILE, { key: 'distsync', message: 'the distsync: key is missing', fix: `create ${SETTINGS_FILE}:\n${CONFIG_EXAMPLE}` });
  }
  const res = validate(section, parsed, ['distsync'], CONFIG_FILE);
  return res.ok ? { ...res, notes: [DEPRECATED_KEY_NOTE] } : res;
}

/** `.distro/distsync.yaml` text, validated for the App. */
export function loadDistsyncFile(text: string): ConfigResult {
  const parsed = parse(text, SETTINGS_FILE);
  if ('problem' in parsed) return { ok: false, problem: parsed.problem };
  return validate(parsed.root ?? {}, parsed, [], SETTINGS_FILE);
}

/** No `.distro/distsync.yaml` and no deprecated key: what to add. */
export function missingSettings(): ConfigResult {
  return fail(SETTINGS_FILE, { key: '(file)', message: `${SETTINGS_FILE} is missing`, fix: `create ${SETTINGS_FILE}:\n${CONFIG_EXAMPLE}` });
}

/** True when source-git.yaml text still carries the deprecated `distsync:` key (then it is what the App reads). */
export function hasDeprecatedKey(sourceGitYaml: string): boolean {
  const parsed = parse(sourceGitYaml, CONFIG_FILE);
  return !('problem' in parsed) && typeof parsed.root === 'object' && parsed.root !== null && 'distsync' in parsed.root;
}

interface Parsed {
  doc: Document;
  lineCounter: LineCounter;
  root: unknown;
}

function parse(text: string, file: string): Parsed | { problem: ConfigProblem } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    return { problem: { file, line, key: '(file)', message: `not valid YAML: ${yamlError.message.split('\n')[0]}`, fix: 'fix the YAML syntax' } };
  }
  return { doc, lineCounter, root: doc.toJS({ maxAliasCount: 50 }) };
}

function validate(section: unknown, p: Parsed, prefix: string[], file: string): ConfigResult {
  const parsed = distsyncConfigSchema.safeParse(section);
  if (parsed.success) return { ok: true, config: parsed.data as DistsyncConfig };
  const issue = parsed.error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map(String)];
  const node = p.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const line = node?.range ? p.lineCounter.linePos(node.range[0]).line : undefined;
  const key = path.join('.') || '(top level)';
  return fail(file, {
    ...(line !== undefined ? { line } : {}),
    key,
    message: issue?.message ?? 'invalid value',
    fix: `make ${key} match this shape:\n${CONFIG_EXAMPLE}`,
  });
}

function fail(file: string, p: Omit<ConfigProblem, 'file'>): ConfigResult {
  return { ok: false, problem: { file, ...p } };
}

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: \`${p.key}\`: ${p.message}\n\nFix: ${p.fix}`;
}
