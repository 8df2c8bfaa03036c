import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The layering of DESIGN.md, checked on the source text. */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const all = files(SRC);
const code = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)).join('\n');
const imports = (p: string, withTypes = true) =>
  [...code(p).matchAll(/(import|export)(\s+type)?[^'"]*?from\s+['"]([^'"]+)['"]/g)].filter((m) => withTypes || !m[2]).map((m) => m[3]!);

describe('architecture', () => {
  it('src/core is pure: no fs, child_process, network, and no adapter, use case or entry point', () => {
    const bad = all
      .filter((p) => relative(SRC, p).startsWith('core/'))
      .flatMap((p) => imports(p).filter((i) => /^(node:)?(fs|fs\/promises|child_process|http|https|net)$/.test(i) || /^\.\.\/\.\.\/(git|rpm|lookaside|archive|sync|app|cli|store|forge|jobs)\//.test(i) || /^(simple-git|@octokit|probot|better-sqlite3|pg)/.test(i)).map((i) => `${relative(SRC, p)} imports ${i}`));
    expect(bad).toEqual([]);
  });

  it('process.env is read in the env modules only', () => {
    const allowed = new Set(['git/host-env.ts', 'app/env.ts']);
    const readers = all.filter((p) => /process\.env/.test(code(p))).map((p) => relative(SRC, p)).filter((p) => !allowed.has(p));
    expect(readers).toEqual([]);
  });

  it('use cases and adapters never import the entry points', () => {
    const bad = all
      .filter((p) => /^(sync|git|rpm|lookaside|archive|core)\//.test(relative(SRC, p)))
      .flatMap((p) => imports(p).filter((i) => /\/(cli|app)\//.test(i)).map((i) => `${relative(SRC, p)} imports ${i}`));
    expect(bad).toEqual([]);
  });

  it('there are no import cycles (type-only imports are erased and do not count)', () => {
    const graph = new Map(all.map((p) => [p, imports(p, false).filter((i) => i.startsWith('.')).map((i) => resolve(dirname(p), i.replace(/\.js$/, '.ts')))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (p: string, path: string[]) => {
      if (state.get(p) === 'done') return;
      if (state.get(p) === 'open') {
        cycles.push([...path.slice(path.indexOf(p)), p].map((x) => relative(SRC, x)).join(' → '));
        return;
      }
      state.set(p, 'open');
      for (const q of graph.get(p) ?? []) if (graph.has(q)) visit(q, [...path, p]);
      state.set(p, 'done');
    };
    for (const p of all) visit(p, []);
    expect(cycles).toEqual([]);
  });
});
