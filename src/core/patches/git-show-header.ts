import { isBlank, noCr, type Lines } from './lines.js';
import { parseAuthor } from './mail-headers.js';
import type { ParsedPatch, PatchFormat } from './patch-types.js';

type Header = Omit<ParsedPatch, 'diff' | 'files' | 'format'> & { format?: PatchFormat };

/**
 * `git show` / `git log -p` output: 'commit <sha>', 'Author:', 'Date:' (or
 * --format=fuller's 'AuthorDate:'), a blank line, the message indented by
 * four spaces. The subject is the first paragraph (lines joined by ' ').
 */
export function readGitShowHeader(lines: Lines, at: number): { header: Header; next: number } {
  const sha = /^commit ([0-9a-f]{7,64})/.exec(noCr(lines.text(at)))![1]!;
  const header: Header = { format: 'git-show', fromSha: sha, body: '' };
  let i = at + 1;
  for (; i < lines.length; i++) {
    const t = noCr(lines.text(i));
    if (isBlank(t)) break;
    const m = /^([A-Za-z]+):\s*(.*)$/.exec(t);
    if (!m) break;
    if (m[1] === 'Author') header.author = parseAuthor(m[2]!);
    else if (m[1] === 'Date' || (m[1] === 'AuthorDate' && header.date === undefined)) header.date = m[2]!.trim();
  }
  const message: string[] = [];
  while (i < lines.length && isBlank(lines.text(i))) i++;
  for (; i < lines.length; i++) {
    const t = noCr(lines.text(i));
    if (t.startsWith('    ')) message.push(t.slice(4));
    else if (isBlank(t)) message.push('');
    else break;
  }
  const blank = message.findIndex((l) => isBlank(l));
  const paragraph = blank < 0 ? message : message.slice(0, blank);
  const subject = paragraph.map((l) => l.trim()).join(' ');
  if (subject) header.subject = subject;
  header.body = (blank < 0 ? [] : message.slice(blank + 1)).join('\n').replace(/^\s*\n/, '').trimEnd();
  return { header, next: i };
}
