import { readCQuoted } from './c-quote.js';
import { stripPath } from './strip-path.js';

/** GNU diff -N writes the epoch as the time stamp of a missing side instead of /dev/null. */
const EPOCH = /^19(?:70-01-01|69-12-31)[ T]\d{2}:\d{2}:\d{2}(?:\.0+)?(?: ?[+-]\d{4})?$/;

/**
 * The path of a '--- x' / '+++ x' line (the part after the marker): C-quoted
 * names unquoted, a tab-separated time stamp dropped; null for /dev/null or
 * an epoch time stamp (a created/deleted file in `diff -N` output).
 */
export function pathOfMarkerLine(rest: string): string | null {
  const value = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  let path: string;
  let stamp = '';
  const quoted = value.startsWith('"') ? readCQuoted(value) : null;
  if (quoted) {
    path = quoted.value;
    stamp = value.slice(quoted.next).trim();
  } else {
    const tab = value.indexOf('\t');
    if (tab >= 0) {
      path = value.slice(0, tab);
      stamp = value.slice(tab + 1).trim();
    } else {
      // some tools separate the time stamp with spaces; look at the end only (no backtracking over long lines)
      const m = / (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?: [+-]\d{4})?)$/.exec(value.slice(-48));
      path = (m ? value.slice(0, value.length - m[1]!.length) : value).trimEnd();
      stamp = m ? m[1]! : '';
    }
  }
  if (path === '/dev/null' || EPOCH.test(stamp)) return null;
  return path;
}

/** One path token of a 'diff ...' command line: C-quoted or up to the next space. */
function readToken(s: string, from: number): { value: string; next: number } | null {
  if (s[from] === '"') return readCQuoted(s, from);
  const sp = s.indexOf(' ', from);
  return sp < 0 ? { value: s.slice(from), next: s.length } : { value: s.slice(from, sp), next: sp };
}

/**
 * The two paths of a 'diff --git A B' line (the part after 'diff --git ').
 * Names with spaces are ambiguous; like git, prefer the split where both
 * sides name the same file (or, for a rename, end with the rename names).
 */
export function pathsOfGitDiffLine(rest: string, rename?: { from: string; to: string }): [string, string] | null {
  const s = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  if (s.startsWith('"') || s.endsWith('"')) {
    const a = readToken(s, 0);
    if (a && s[a.next] === ' ') {
      const b = readToken(s, a.next + 1);
      if (b && b.next === s.length) return [a.value, b.value];
    }
    if (!s.startsWith('"') && s.endsWith('"')) {
      const q = s.lastIndexOf(' "');
      const b = q >= 0 ? readCQuoted(s, q + 1) : null;
      if (b && b.next === s.length) return [s.slice(0, q), b.value];
    }
    return null;
  }
  let fallback: [string, string] | null = null;
  for (let i = s.indexOf(' '); i > 0; i = s.indexOf(' ', i + 1)) {
    const a = s.slice(0, i);
    const b = s.slice(i + 1);
    if (rename) {
      if (a.endsWith(rename.from) && b.endsWith(rename.to) && a.length - rename.from.length === b.length - rename.to.length) return [a, b];
      continue;
    }
    if (a === b || (stripPath(a, 1) !== null && stripPath(a, 1) === stripPath(b, 1))) return [a, b];
    if (!fallback && b.startsWith('b/')) fallback = [a, b];
  }
  return fallback;
}

/** The two paths of a 'diff -opts A B' command line (gendiff, diff -r), options skipped. */
export function pathsOfDiffCommand(rest: string): [string, string] | null {
  const s = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  const tokens: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ') i++;
    if (i >= s.length) break;
    const t = readToken(s, i);
    if (!t) return null;
    tokens.push(t.value);
    i = t.next;
  }
  // the last two words are the files; options come before them
  const [a, b] = tokens.slice(-2);
  if (a === undefined || b === undefined || a.startsWith('-') || b.startsWith('-')) return null;
  return [a, b];
}
