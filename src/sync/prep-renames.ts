import type { PrepAnalysis } from '../core/spec/index.js';
import type { TreeEntry } from './compare-trees.js';
import { globRe } from './prep-effect-paths.js';

/**
 * %prep lines `mv A B` that rename a directory of the source tree (linuxptp:
 * `mv linuxptp-testsuite-c66922* testsuite`; ldns: `mv ldns-1.7.1
 * ldns-1.7.1_python3`): the source-git tree with those renames applied, so
 * that verify compares the moved files' content under their new names instead
 * of calling them missing. `B` is taken as the new name when the prepared tree
 * has files there, else as a directory the tree moves into (B/A). Pure.
 */
export function applyPrepRenames(tree: Map<string, TreeEntry>, prep: PrepAnalysis, prepared: Map<string, TreeEntry>): Map<string, TreeEntry> {
  let out = tree;
  for (const e of prep.sideEffects) {
    if (e.active === 'no' || e.directory === null) continue;
    const words = e.expanded.trim().split(/\s+/);
    if (words[0] !== 'mv') continue;
    const args = words.slice(1).filter((w) => !w.startsWith('-'));
    if (args.length !== 2 || /[;&|<>$`]/.test(e.expanded)) continue;
    const base = e.directory === '' ? [] : e.directory.split('/');
    const from = [...base, ...clean(args[0]!)];
    const to = [...base, ...clean(args[1]!)];
    if (from.length === 0 || to.length === 0) continue;
    out = renameUnder(out, from, to, prepared);
  }
  return out;
}

function clean(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

function renameUnder(tree: Map<string, TreeEntry>, from: string[], to: string[], prepared: Map<string, TreeEntry>): Map<string, TreeEntry> {
  const matchers = from.map((seg) => (/[*?]/.test(seg) ? globRe(seg) : null));
  const matches = (segs: string[]) => segs.length > from.length && from.every((seg, k) => (matchers[k] ? matchers[k]!.test(segs[k]!) : seg === segs[k]));
  const moved = [...tree.keys()].filter((p) => matches(p.split('/')));
  if (moved.length === 0) return tree;
  const first = moved[0]!.split('/');
  const asName = [...to, ...first.slice(from.length)].join('/');
  const into = prepared.has(asName) ? to : [...to, first[from.length - 1]!];
  const out = new Map(tree);
  for (const p of moved) {
    const segs = p.split('/');
    const entry = out.get(p)!;
    out.delete(p);
    out.set([...into, ...segs.slice(from.length)].join('/'), entry);
  }
  return out;
}
