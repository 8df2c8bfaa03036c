import { DistsyncError } from '../errors.js';
import { isBlank, noCr, indexLines, type Lines } from './lines.js';
import { lastField, parseAuthor, readHeaderBlock, type HeaderFields } from './mail-headers.js';
import type { ParsedPatch, PatchFormat } from './patch-types.js';
import { decodeRfc2047 } from './rfc2047.js';
import { readGitShowHeader } from './git-show-header.js';
import { pathsOfDiffCommand } from './diff-paths.js';
import { scanDiff, startsSection, type DiffSection } from './scan-diff.js';

type Header = Omit<ParsedPatch, 'diff' | 'files' | 'format'> & { format?: PatchFormat };

/**
 * Read a patch file in any of the shapes found in dist-git: git format-patch
 * mbox, mail headers without the 'From <sha>' line, `git show` output, bare
 * `diff --git`, gendiff `diff -up`, `diff -Naur`, plain unified, with or
 * without free text in front. Throws bad-patch only when there is no diff.
 */
export function parsePatch(text: string, file?: string): ParsedPatch {
  const lines = indexLines(text);
  let i = 0;
  while (i < lines.length && isBlank(lines.text(i))) i++;
  const { header, next } = readHeader(lines, i);
  const start = findDiffStart(lines, next);
  if (start < 0) {
    throw new DistsyncError('bad-patch', 'no diff found: the file has no "diff", "---"/"+++" or "Index:" lines', {
      ...(file ? { file } : {}),
      next: 'check that this is a patch file (diff -u or git format-patch output) and that it is listed in the spec as intended',
    });
  }
  const body = header.body || (header.format === undefined ? freeText(lines, i, start) : '');
  const rest = text.slice(lines.start(start));
  const scan = scanDiff(rest);
  const diff = withoutSignature(rest, scan.end);
  const sections = scan.sections;
  return {
    ...header,
    body,
    format: header.format ?? formatOfDiff(lines, start, sections),
    diff,
    files: sections.map((s) => ({ oldPath: s.oldPath, newPath: s.newPath, binary: s.binary })),
  };
}

function readHeader(lines: Lines, i: number): { header: Header; next: number } {
  const first = noCr(lines.text(i));
  const mbox = /^From (\S+) .*\d{4}$/.exec(first);
  if (mbox) {
    const sha = /^[0-9a-f]{40}$/.test(mbox[1]!) ? mbox[1]! : undefined;
    const res = mailHeader(lines, i + 1, 'mbox');
    return { header: { ...res.header, ...(sha ? { fromSha: sha } : {}) }, next: res.next };
  }
  if (/^commit [0-9a-f]{7,64}\b/.test(first)) return readGitShowHeader(lines, i);
  if (/^(From|Subject|Date):/i.test(first)) return mailHeader(lines, i, 'mail');
  return { header: { body: '' }, next: i };
}

function mailHeader(lines: Lines, from: number, format: PatchFormat): { header: Header; next: number } {
  const block = readHeaderBlock(lines, from);
  const { body, next, inBody } = readMailBody(lines, block.next);
  const fields = new Map([...block.fields, ...inBody]);
  const header: Header = { format, body };
  const author = lastField(fields, 'from');
  if (author) header.author = parseAuthor(author);
  const date = lastField(fields, 'date');
  if (date) header.date = date;
  const subject = lastField(fields, 'subject');
  if (subject !== undefined) header.subject = cleanSubject(decodeRfc2047(subject));
  return { header, next };
}

/**
 * The message body after the header block: up to a '---' line or the diff.
 * In-body 'From:'/'Subject:'/'Date:' lines at its top override the mail's
 * headers, as `git am` does.
 */
function readMailBody(lines: Lines, from: number): { body: string; next: number; inBody: HeaderFields } {
  let i = from;
  while (i < lines.length && isBlank(lines.text(i))) i++;
  let inBody: HeaderFields = new Map();
  if (/^(From|Subject|Date): /.test(lines.text(i))) {
    const block = readHeaderBlock(lines, i);
    inBody = block.fields;
    i = block.next;
  }
  const start = i;
  for (; i < lines.length; i++) {
    if (/^---[ \t]*$/.test(noCr(lines.text(i))) || startsSection(lines, i)) break;
  }
  return { body: joinTrimmed(lines, start, i), next: i, inBody };
}

function findDiffStart(lines: Lines, from: number): number {
  for (let i = from; i < lines.length; i++) if (startsSection(lines, i)) return i;
  return -1;
}

function freeText(lines: Lines, from: number, to: number): string {
  return joinTrimmed(lines, from, to);
}

/** Lines [from, to) joined with '\n', '\r' dropped, leading blank lines and trailing whitespace trimmed. */
export function joinTrimmed(lines: Lines, from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(noCr(lines.text(i)));
  while (out.length && isBlank(out[0]!)) out.shift();
  return out.join('\n').trimEnd();
}

/**
 * Drop one leading '[PATCH …]' / '[RFC PATCH v2 3/7]' tag and turn every run of
 * whitespace (a folded line's TAB or spaces included) into one space, as git mailinfo would.
 */
function cleanSubject(s: string): string {
  return s
    .replace(/^\s*\[[^\]]*\bPATCH\b[^\]]*\]\s*/i, '')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

/** A '-- \n2.39.1\n' signature after the last hunk goes; anything else stays. */
function withoutSignature(diff: string, end: number): string {
  if (end === 0 || end === diff.length) return diff;
  const tail = diff.slice(end);
  const [dashes, , ...rest] = tail.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const signature = (dashes === '-- ' || dashes === '--') && rest.every((l) => l.trim() === '');
  return signature ? diff.slice(0, end) : diff;
}

/** Header-less patches: git-diff when any file is a 'diff --git' section, gendiff for 'diff -up X.suffix X', else unified. */
function formatOfDiff(lines: Lines, start: number, sections: DiffSection[]): PatchFormat {
  if (sections.some((s) => s.style === 'git')) return 'git-diff';
  const first = sections[0];
  if (!first) return 'unknown';
  if (first.style === 'command') {
    const paths = pathsOfDiffCommand(noCr(lines.text(start)).slice('diff '.length));
    if (paths && paths[0].startsWith(`${paths[1]}.`)) return 'gendiff';
  }
  return sections.some((s) => s.hunks > 0 || s.binary) ? 'unified' : 'unknown';
}
