import { LineCounter, parseDocument } from 'yaml';
import { CONFIG_EXAMPLE, distsyncConfigSchema, type DistsyncConfig } from './distsync-config-schema.js';

export const CONFIG_FILE = '.distro/source-git.yaml';

export interface ConfigProblem {
  file: string;
  line?: number;
  /** Dotted key path, e.g. "distsync.dist_git.repo". */
  key: string;
  message: string;
  fix: string;
}

export type ConfigResult = { ok: true; config: DistsyncConfig } | { ok: false; problem: ConfigProblem };

/** Parse `.distro/source-git.yaml` text and validate its `distsync:` key, naming file, line, key and fix on error. */
export function loadDistsyncConfig(text: string): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    return fail({ line, key: '(file)', message: `not valid YAML: ${yamlError.message.split('\n')[0]}`, fix: 'fix the YAML syntax' });
  }
  const root: unknown = doc.toJS({ maxAliasCount: 50 });
  const section = typeof root === 'object' && root !== null ? (root as Record<string, unknown>)['distsync'] : undefined;
  if (section === undefined) {
    return fail({ key: 'distsync', message: 'the distsync: key is missing', fix: `add:\n${CONFIG_EXAMPLE}` });
  }
  const parsed = distsyncConfigSchema.safeParse(section);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const path = ['distsync', ...(issue?.path ?? []).map(String)];
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  return fail({
    ...(line !== undefined ? { line } : {}),
    key: path.join('.'),
    message: issue?.message ?? 'invalid value',
    fix: `make ${path.join('.')} match this shape:\n${CONFIG_EXAMPLE}`,
  });
}

function fail(p: Omit<ConfigProblem, 'file'>): ConfigResult {
  return { ok: false, problem: { file: CONFIG_FILE, ...p } };
}

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: \`${p.key}\`: ${p.message}\n\nFix: ${p.fix}`;
}
