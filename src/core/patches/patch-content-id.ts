import { createHash } from 'node:crypto';
import { eachChangedLine, scanDiff, type DiffSection } from './scan-diff.js';
import { stripPath } from './strip-path.js';

/**
 * A content identity for a patch, like `git patch-id --stable` but blind to
 * how the diff was made (git, `diff -Naur`, gendiff, plain unified): per file
 * (path after stripping `strip` components from the side that is not
 * /dev/null, the new side when both are there, except that of 'f.orig' and
 * 'f' it is 'f' either way round; a git rename or copy is 'old->new'), the removed lines and the
 * added lines in order, bytes exact ('\r' kept, a "\ No newline" marker kept
 * as '\\'). Line numbers, hunk headers, index/mode lines, time stamps,
 * context lines and file order do not count, nor do sections that change
 * nothing a plain diff could show (mode-only changes, empty new files). sha256 hex.
 */
export function patchContentId(diff: string, strip: number): string {
  const files = scanDiff(diff)
    .sections.filter((s) => s.removedLines > 0 || s.addedLines > 0 || s.binary || s.rename)
    .map((s) => ({ key: keyOf(s, strip), s }));
  files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const hash = createHash('sha256');
  const put = (tag: string, value: string) => {
    hash.update(`${tag}${Buffer.byteLength(value, 'utf8')}:`);
    hash.update(value, 'utf8');
    hash.update('\n');
  };
  for (const { key, s } of files) {
    put('F', key);
    eachChangedLine(diff, s, '-', (l) => put('-', l));
    eachChangedLine(diff, s, '+', (l) => put('+', l));
    if (s.binary) put('B', s.binaryData.join('\n'));
  }
  return hash.digest('hex');
}

function keyOf(s: DiffSection, strip: number): string {
  const stripped = (p: string) => stripPath(p, strip) ?? p;
  if (s.rename && s.oldPath !== null && s.newPath !== null) {
    return `${stripped(s.oldPath)}${s.rename.copy ? '=>' : '->'}${stripped(s.newPath)}`;
  }
  if (s.oldPath !== null && s.newPath !== null) {
    const [a, b] = [stripped(s.oldPath), stripped(s.newPath)];
    // backup-style names (gendiff 'f.orig' vs 'f', either way round) mean the shorter one, like GNU patch picks the file that exists
    return a.startsWith(`${b}.`) ? b : b.startsWith(`${a}.`) ? a : b;
  }
  const side = s.newPath ?? s.oldPath;
  return side === null ? '' : stripped(side);
}
