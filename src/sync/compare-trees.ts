import type { PrepAnalysis } from '../core/spec/index.js';
import { effectExplains } from './prep-effect-paths.js';
import { expandBraces } from './shell-braces.js';

export interface TreeEntry { mode: string; blob: string }
export type Difference =
  | { path: string; kind: 'only-in-prepared' | 'only-in-source-git' | 'content' }
  | { path: string; kind: 'mode'; sourceGit: string; prepared: string };
export interface ExplainedDifference { path: string; kind: Difference['kind']; why: string }

/** Compare two path → blob maps. Pure. */
export function diffTrees(sourceGit: Map<string, TreeEntry>, prepared: Map<string, TreeEntry>): Difference[] {
  const out: Difference[] = [];
  for (const [path, a] of sourceGit) {
    const b = prepared.get(path);
    if (!b) out.push({ path, kind: 'only-in-source-git' });
    else if (a.blob !== b.blob) out.push({ path, kind: 'content' });
    else if (a.mode !== b.mode) out.push({ path, kind: 'mode', sourceGit: a.mode, prepared: b.mode });
  }
  for (const path of prepared.keys()) if (!sourceGit.has(path)) out.push({ path, kind: 'only-in-prepared' });
  return out.sort((x, y) => x.path.localeCompare(y.path));
}

/**
 * Tell %prep side effects apart from real mismatches: backup files of
 * `%patch -b`, files a %prep command names (iconv, sed -i, mv, rm, find
 * -name X -delete; `a{,.b}` names a and a.b). What stays unexplained is a
 * real mismatch.
 */
export function explainDifferences(diffs: Difference[], prep: PrepAnalysis, sourceGitPaths: Set<string>): { explained: ExplainedDifference[]; mismatches: Difference[] } {
  const explained: ExplainedDifference[] = [];
  const mismatches: Difference[] = [];
  const suffixes = [
    ...prep.steps.filter((s) => s.active === 'yes' && s.backupSuffix).map((s) => ({ suffix: s.backupSuffix!, file: s.fileName })),
    ...prep.shellPatches.filter((s) => s.active === 'yes' && s.backupSuffix).map((s) => ({ suffix: s.backupSuffix!, file: s.text })),
  ];
  for (const d of diffs) {
    const why = explainOne(d, prep, suffixes, sourceGitPaths);
    if (why) explained.push({ path: d.path, kind: d.kind, why });
    else mismatches.push(d);
  }
  return { explained, mismatches };
}

function explainOne(d: Difference, prep: PrepAnalysis, suffixes: { suffix: string; file: string }[], sourceGitPaths: Set<string>): string | null {
  if (d.kind === 'mode') return `file mode differs (${d.sourceGit} in source-git, ${d.prepared} after %prep): patch tools do not always carry modes`;
  const base = d.path.split('/').pop() ?? d.path;
  if (d.kind === 'only-in-prepared') {
    for (const s of suffixes) {
      if (d.path.endsWith(s.suffix) && sourceGitPaths.has(d.path.slice(0, -s.suffix.length))) return `backup copy made by %patch -b ${s.suffix} (${s.file})`;
    }
    if (base.endsWith('.orig') && sourceGitPaths.has(d.path.slice(0, -5))) return 'backup copy left by patch (.orig)';
  }
  for (const effect of prep.sideEffects) {
    if (effect.active === 'no') continue;
    if (namesPath(effect.text, d.path, base) || namesPath(effect.expanded, d.path, base)) {
      const verb = d.kind === 'only-in-source-git' ? 'removed' : d.kind === 'only-in-prepared' ? 'created' : 'changed';
      return `${verb} by %prep line ${effect.line + 1}: ${effect.text.trim()}`;
    }
    const verb = effectExplains(effect.expanded, effect.directory, d.path, d.kind);
    if (verb) return `${verb} by %prep line ${effect.line + 1}: ${effect.text.trim()}`;
  }
  return null;
}

function namesPath(line: string, path: string, base: string): boolean {
  const find = /\bfind\b.*?-name\s+(['"]?)([^'"\s]+)\1.*-delete/.exec(line);
  if (find?.[2] && globToRegExp(find[2]).test(base)) return true;
  const words = line.split(/[\s;|&<>()'"]+/).filter(Boolean).flatMap(expandBraces);
  return words.some((w) => w === path || w === base || w === `./${path}` || (w.includes('/') && path.endsWith(`/${w}`)) || (w.includes('*') && globToRegExp(w).test(path)));
}

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`);
}
