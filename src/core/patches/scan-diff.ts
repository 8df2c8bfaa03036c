import { pathOfMarkerLine, pathsOfDiffCommand, pathsOfGitDiffLine } from './diff-paths.js';
import { indexLines, noCr, type Lines } from './lines.js';
import { HUNK, readHunk, type HunkSink } from './read-hunk.js';
import type { DiffSection, ScannedDiff } from './diff-section.js';

export type { DiffSection, ScannedDiff } from './diff-section.js';

const GIT_HEADER = /^(old mode|new mode|deleted file mode|new file mode|copy from|copy to|rename from|rename to|similarity index|dissimilarity index|index) /;
const BINARY_FILES_RE = /^Binary files (.+) and (.+) differ$/;
/** 'Binary files A and B differ' (long lines are not tried: the pattern backtracks). */
const BINARY_FILES = { exec: (t: string) => (t.startsWith('Binary files ') && t.length < 8192 ? BINARY_FILES_RE.exec(t) : null), test: (t: string) => t.startsWith('Binary files ') && t.length < 8192 && BINARY_FILES_RE.test(t) };
const BINARY_DATA = /^(?:(?:literal|delta) \d+|[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]*|)$/;

/** True when line `i` starts a file's diff: 'diff ', 'Index: ', or '--- ' followed by '+++ '. */
export function startsSection(lines: Lines, i: number): boolean {
  const t = noCr(lines.text(i));
  if (t.startsWith('diff --git ')) return true;
  if (t.startsWith('diff ') && t.length > 5) {
    const next = noCr(lines.text(i + 1));
    return /^(--- |\*\*\* |Binary files |index |diff )/.test(next) || GIT_HEADER.test(next);
  }
  if (t.startsWith('Index: ')) return /^={20,}$/.test(noCr(lines.text(i + 1)));
  if (t.startsWith('--- ')) return lines.text(i + 1).startsWith('+++ ');
  return false;
}

function newSection(style: DiffSection['style']): DiffSection {
  return { style, oldPath: null, newPath: null, binary: false, removedLines: 0, addedLines: 0, hunkSpan: null, binaryData: [], hunks: 0 };
}

/**
 * Read the file sections of a diff (git, unified with or without a 'diff'
 * command line, 'Index:' style). Hunks are read by their line counts, so a
 * '-- ' signature after the last hunk is not taken for a removed line.
 */
export function scanDiff(text: string): ScannedDiff {
  const lines = indexLines(text);
  const sections: DiffSection[] = [];
  let end = 0;
  let i = 0;
  while (i < lines.length) {
    if (!startsSection(lines, i) && !BINARY_FILES.test(noCr(lines.text(i)))) {
      i++;
      continue;
    }
    const res = readSection(lines, i);
    sections.push(res.section);
    end = lines.end(res.next - 1);
    i = res.next;
  }
  return { sections, end };
}

/** Read one section from its first line; returns the index after its last line. */
function readSection(lines: Lines, first: number): { section: DiffSection; next: number } {
  const head = noCr(lines.text(first));
  let i = first;
  let sawMinus = false;
  let gitLine: string | undefined;
  let section: DiffSection;
  if (head.startsWith('diff --git ')) {
    section = newSection('git');
    gitLine = head.slice('diff --git '.length);
    i++;
  } else if (head.startsWith('diff ')) {
    section = newSection('command');
    const paths = pathsOfDiffCommand(head.slice('diff '.length));
    if (paths) [section.oldPath, section.newPath] = paths;
    i++;
  } else if (head.startsWith('Index: ')) {
    section = newSection('plain');
    i++;
  } else {
    section = newSection('plain');
  }
  let newFile = false;
  let deletedFile = false;
  let renameFrom: string | undefined;
  let renameTo: string | undefined;
  let copy = false;
  // header lines
  for (; i < lines.length; i++) {
    const t = noCr(lines.text(i));
    if (GIT_HEADER.test(t) && !sawMinus) {
      if (t.startsWith('new file mode ')) newFile = true;
      else if (t.startsWith('deleted file mode ')) deletedFile = true;
      else if (t.startsWith('rename from ') || t.startsWith('copy from ')) {
        copy = t.startsWith('copy');
        renameFrom = unquote(t.slice(t.indexOf(' from ') + 6));
      } else if (t.startsWith('rename to ') || t.startsWith('copy to ')) renameTo = unquote(t.slice(t.indexOf(' to ') + 4));
      continue;
    }
    if (/^={20,}$/.test(t)) continue;
    if (t.startsWith('--- ') && !sawMinus && lines.text(i + 1).startsWith('+++ ')) {
      sawMinus = true;
      section.oldPath = pathOfMarkerLine(t.slice(4));
      section.newPath = pathOfMarkerLine(noCr(lines.text(i + 1)).slice(4));
      i++;
      continue;
    }
    const bin = BINARY_FILES.exec(t);
    if (bin) {
      section.binary = true;
      if (!sawMinus && section.style !== 'git') {
        section.oldPath = bin[1] === '/dev/null' ? null : bin[1]!;
        section.newPath = bin[2] === '/dev/null' ? null : bin[2]!;
      }
      continue;
    }
    if (t === 'GIT binary patch') {
      section.binary = true;
      for (i++; i < lines.length && BINARY_DATA.test(noCr(lines.text(i))) && !startsSection(lines, i); i++) {
        section.binaryData.push(noCr(lines.text(i)));
      }
      // drop trailing blank lines that separate this section from trailing text
      while (section.binaryData.length && section.binaryData[section.binaryData.length - 1] === '') {
        section.binaryData.pop();
        i--;
      }
      break;
    }
    break;
  }
  // hunks: counted here, their lines read again from hunkSpan when asked for (eachChangedLine)
  const hunkStart = i;
  const count: HunkSink = (side) => (side === '-' ? section.removedLines++ : section.addedLines++);
  while (i < lines.length && HUNK.test(lines.text(i))) {
    section.hunks++;
    i = readHunk(lines, i, count);
  }
  if (section.hunks > 0) section.hunkSpan = [lines.start(hunkStart), lines.start(i)];
  if (gitLine !== undefined) fillGitPaths(section, gitLine, { sawMinus, newFile, deletedFile, renameFrom, renameTo });
  if (renameFrom !== undefined && renameTo !== undefined) section.rename = { from: renameFrom, to: renameTo, copy };
  return { section, next: Math.max(i, first + 1) };
}

function fillGitPaths(
  section: DiffSection,
  gitLine: string,
  h: { sawMinus: boolean; newFile: boolean; deletedFile: boolean; renameFrom?: string; renameTo?: string },
): void {
  if (h.sawMinus) return;
  const rename = h.renameFrom !== undefined && h.renameTo !== undefined ? { from: h.renameFrom, to: h.renameTo } : undefined;
  const paths = pathsOfGitDiffLine(gitLine, rename);
  if (!paths) return;
  section.oldPath = h.newFile ? null : paths[0];
  section.newPath = h.deletedFile ? null : paths[1];
}

/**
 * Each removed ('-') or added ('+') line of a section's hunks, in order, read again from the text
 * scanDiff scanned (so a huge diff is never held as arrays of lines).
 */
export function eachChangedLine(text: string, section: DiffSection, side: '-' | '+', f: (line: string) => void): void {
  if (!section.hunkSpan) return;
  const lines = indexLines(text.slice(section.hunkSpan[0], section.hunkSpan[1]));
  const sink: HunkSink = (s, line) => s === side && f(line);
  for (let i = 0; i < lines.length && HUNK.test(lines.text(i)); ) i = readHunk(lines, i, sink);
}

function unquote(s: string): string {
  return pathOfMarkerLine(s) ?? s;
}
