import { parse } from 'yaml';

/**
 * A trailer value read as Packit reads it: Packit feeds its trailer lines to
 * a YAML loader, so `Patch-status: |` followed by indented lines is a block
 * scalar (`"# a\n# b\n"`), a quoted value loses its quotes and a folded plain
 * value joins its lines. A value that is not valid YAML (e.g. one starting
 * with '%', which Packit itself cannot load) or that is not a scalar is taken
 * as written.
 */
export function trailerYamlValue(raw: string): string {
  const text = raw.trim();
  if (text === '') return '';
  try {
    const value: unknown = parse(`v: ${raw}\n`, { version: '1.1', maxAliasCount: 0 });
    const v = value && typeof value === 'object' ? (value as Record<string, unknown>)['v'] : undefined;
    if (typeof v === 'string') return v.replace(/\n+$/, '');
    if (typeof v === 'number' || typeof v === 'boolean') return text;
  } catch {
    // not YAML: keep it as written
  }
  return text;
}
