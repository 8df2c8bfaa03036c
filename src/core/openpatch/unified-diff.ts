import { pathOfMarkerLine, pathsOfGitDiffLine } from '../patches/diff-paths.js';
import { HUNK } from '../patches/read-hunk.js';
import { stripPath } from '../patches/strip-path.js';

/** One hunk: old/new start (1-based) and its lines, each with its own '\n' unless "\ No newline" followed. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  header: string;
  lines: { op: ' ' | '-' | '+'; text: string }[];
}

export interface FilePatch {
  /** Names with the a/ b/ prefix removed (like go-gitdiff); null for /dev/null. */
  oldName: string | null;
  newName: string | null;
  binary: boolean;
  hunks: Hunk[];
}

const GIT_META = /^(old mode|new mode|deleted file mode|new file mode|copy from|copy to|rename from|rename to|similarity index|dissimilarity index|index) ?(.*)$/;

/**
 * The file patches of a unified diff (git or plain), read as a "binary string" (one char per byte) so
 * the bytes are kept. Names lose their first component (a/, b/) like go-gitdiff's.
 */
export function readFilePatches(text: string): FilePatch[] {
  const lines = text.split(/(?<=\n)/);
  const out: FilePatch[] = [];
  let cur: FilePatch | null = null;
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const t = raw.replace(/\r?\n$/, '');
    if (t.startsWith('diff --git ')) {
      const pair = pathsOfGitDiffLine(t.slice(11));
      cur = { oldName: pair ? strip(pair[0]) : null, newName: pair ? strip(pair[1]) : null, binary: false, hunks: [] };
      out.push(cur);
      i++;
      for (; i < lines.length; i++) {
        const m = GIT_META.exec(lines[i]!.replace(/\r?\n$/, ''));
        if (!m) break;
        if (m[1] === 'new file mode') cur.oldName = null;
        if (m[1] === 'deleted file mode') cur.newName = null;
        if (m[1] === 'rename from' || m[1] === 'copy from') cur.oldName = m[2]!;
        if (m[1] === 'rename to' || m[1] === 'copy to') cur.newName = m[2]!;
      }
      continue;
    }
    if (t.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      const oldName = pathOfMarkerLine(t.slice(4));
      const newName = pathOfMarkerLine(lines[i + 1]!.replace(/\r?\n$/, '').slice(4));
      if (!cur || cur.hunks.length > 0 || cur.binary) {
        cur = { oldName: null, newName: null, binary: false, hunks: [] };
        out.push(cur);
      }
      cur.oldName = oldName === null ? null : strip(oldName);
      cur.newName = newName === null ? null : strip(newName);
      i += 2;
      continue;
    }
    if (cur && (t.startsWith('GIT binary patch') || t.startsWith('Binary files '))) {
      cur.binary = true;
      i++;
      continue;
    }
    const h = cur ? HUNK.exec(t) : null;
    if (cur && h) {
      i = readHunkLines(lines, i, h, cur);
      continue;
    }
    i++;
  }
  return out;
}

function strip(path: string): string {
  return stripPath(path, 1) ?? path;
}

function readHunkLines(lines: string[], at: number, h: RegExpExecArray, cur: FilePatch): number {
  let oldLeft = h[2] === undefined ? 1 : Number(h[2]);
  let newLeft = h[4] === undefined ? 1 : Number(h[4]);
  const hunk: Hunk = { oldStart: Number(h[1]), oldLines: oldLeft, header: lines[at]!.replace(/\r?\n$/, ''), lines: [] };
  cur.hunks.push(hunk);
  let i = at + 1;
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    const raw = lines[i]!;
    const c = raw[0];
    if (c === ' ' || raw === '\n' || raw === '\r\n') {
      hunk.lines.push({ op: ' ', text: c === ' ' ? raw.slice(1) : raw });
      oldLeft--;
      newLeft--;
    } else if (c === '-' && oldLeft > 0) {
      hunk.lines.push({ op: '-', text: raw.slice(1) });
      oldLeft--;
    } else if (c === '+' && newLeft > 0) {
      hunk.lines.push({ op: '+', text: raw.slice(1) });
      newLeft--;
    } else if (c === '\\') {
      noNewline(hunk);
    } else break;
  }
  if (i < lines.length && lines[i]!.startsWith('\\')) {
    noNewline(hunk);
    i++;
  }
  return i;
}

function noNewline(hunk: Hunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (last) last.text = last.text.replace(/\n$/, '');
}

/**
 * Apply the hunks at exactly the lines they name, every context and removed line matching byte for
 * byte (go-gitdiff's strict apply: no fuzz, no offset). Returns the new content, or the first hunk
 * that does not match.
 */
export function applyHunks(content: string, hunks: readonly Hunk[]): { ok: true; text: string } | { ok: false; hunk: Hunk; line: number } {
  const src = content === '' ? [] : content.split(/(?<=\n)/);
  const out: string[] = [];
  let next = 0;
  for (const hunk of hunks) {
    const start = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    if (start < next || start > src.length) return { ok: false, hunk, line: hunk.oldStart };
    out.push(...src.slice(next, start));
    let at = start;
    for (const l of hunk.lines) {
      if (l.op === '+') {
        out.push(l.text);
        continue;
      }
      if (src[at] !== l.text) return { ok: false, hunk, line: at + 1 };
      if (l.op === ' ') out.push(l.text);
      at++;
    }
    next = at;
  }
  out.push(...src.slice(next));
  return { ok: true, text: out.join('') };
}
