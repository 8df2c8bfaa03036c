import { changelogDate } from '../spec/index.js';
import type { ChangelogOperation } from './cfg-types.js';

/**
 * srpmproc's changelog lines: per operation '* <date> <name> <<email>> - <version>', one '- <message>'
 * line per message, then a blank line. Nothing is escaped (srpmproc writes the values as they are).
 */
export function changelogLines(ops: readonly ChangelogOperation[], date: Date, version: string, strings: (s: string) => string): string[] {
  const out: string[] = [];
  for (const op of ops) {
    out.push(strings(`* ${changelogDate(date)} ${op.author_name} <${op.author_email}> - `) + version);
    for (const m of op.message) out.push(...strings(`- ${m}`).split('\n'));
    out.push('');
  }
  return out;
}

/**
 * The version srpmproc puts in the entry: from the import name ('pkg-1.2-3.el9_1' → '1.2-3'; module
 * builds cut at '.module'), else the spec's first `Version:` value; plus every Release append value.
 */
export function changelogVersion(importName: string | undefined, pkgName: string, specVersion: string): string {
  if (importName) {
    const rest = importName.startsWith(`${pkgName}-`) ? importName.slice(pkgName.length + 1) : null;
    if (rest) {
      const el = rest.indexOf('.el');
      if (el >= 0) return rest.slice(0, el);
      const mod = rest.indexOf('.module');
      if (mod >= 0) return rest.slice(0, mod);
    }
  }
  return specVersion;
}
