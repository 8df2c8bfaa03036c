import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpec, type SpecDocument } from '../../../src/core/spec/index.js';

export const SPECS = fileURLToPath(new URL('../../../fixtures/specs/', import.meta.url));
export const SHARED_CORPUS = '/work/shared/corpus';
const FIXTURE_CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));

export function specText(name: string): string {
  return readFileSync(join(SPECS, `${name}.spec`), 'utf8');
}

export function loadSpec(name: string): SpecDocument {
  return parseSpec(specText(name), `${name}.spec`);
}

/** Rows of a prep-apply-order TSV: what rpmbuild -bp really applied. */
export function applyOrder(file: string): { patch: string; strip: number; cwd: string }[] {
  const rows = readFileSync(join(SPECS, 'prep-apply-order', file), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => {
    const c = r.split('\t');
    return { patch: c[1]!, strip: Number(c[2]!.replace('-p', '')), cwd: c[5]! };
  });
}

/** Every *.spec under the given roots (those that exist). */
export function allSpecFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (e.endsWith('.spec')) out.push(p);
    }
  };
  for (const root of [SPECS, FIXTURE_CORPUS, SHARED_CORPUS]) if (existsSync(root)) walk(root);
  return out;
}
