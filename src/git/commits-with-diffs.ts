import type { Git } from './git.js';
import { DIFF_ARGS, pathspecArgs, uniqueMarker } from './diff-args.js';
import { commitInfoOf, type CommitInfo } from './list-commits.js';

/**
 * listCommits(range) and diffsForRange(range) with the same excluded paths, from ONE `git log`
 * instead of two over the same commits: `-p --raw` prints, for each commit, the raw list of the
 * file pairs (the pairs --name-only lists: the same queue, the same filter) and then, after one
 * separator line, the patch exactly as `-p` alone prints it. The files are the raw lines' paths
 * (C-quoted by git when they need it, unquoted here); the diff is what follows the raw lines.
 */
export async function commitsWithDiffs(
  git: Git,
  range: string,
  opts: { excludePaths?: string[] } = {},
): Promise<{ commits: CommitInfo[]; diffs: Map<string, string> }> {
  const m = uniqueMarker();
  const start = Buffer.from(`\0\0${m}\0`, 'latin1');
  const end = Buffer.from(`\x1f${m}END`, 'latin1');
  const format = `--format=%x00%x00${m}%x00%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1f${m}END`;
  const res = await git.runBuffer([
    'log', '-p', '--raw', '--diff-merges=first-parent', '--root', '--full-history', '--sparse',
    '--no-show-signature', '--encoding=UTF-8', ...DIFF_ARGS, format,
    '--first-parent', '--reverse', '--end-of-options', range,
    ...(opts.excludePaths?.length ? [] : ['--']), ...pathspecArgs(opts.excludePaths),
  ]);
  const out = res.stdout;
  const commits: CommitInfo[] = [];
  const diffs = new Map<string, string>();
  let pos = out.indexOf(start);
  while (pos >= 0) {
    const headStart = pos + start.length;
    const next = out.indexOf(start, headStart);
    const recordEnd = next < 0 ? out.length : next;
    const headEnd = out.indexOf(end, headStart);
    if (headEnd < 0 || headEnd > recordEnd) {
      pos = next;
      continue;
    }
    // after the header: blank lines, the raw lines (":<modes> <ids> <status>\t<path>"), one separator line, the patch
    let at = skipNewlines(out, headEnd + end.length, recordEnd);
    const files: string[] = [];
    while (at < recordEnd && out[at] === 0x3a /* : */) {
      const nl = out.indexOf(0x0a, at);
      const lineEnd = nl < 0 || nl > recordEnd ? recordEnd : nl;
      const tab = out.indexOf(0x09, at);
      if (tab >= 0 && tab < lineEnd) files.push(rawPath(out.subarray(tab + 1, lineEnd)));
      at = lineEnd + 1;
    }
    at = skipNewlines(out, at, recordEnd);
    const commit = commitInfoOf(out.toString('utf8', headStart, headEnd), files);
    diffs.set(commit.sha, out.toString('utf8', Math.min(at, recordEnd), recordEnd));
    commits.push(commit);
    pos = next;
  }
  return { commits, diffs };
}

function skipNewlines(buf: Buffer, at: number, end: number): number {
  while (at < end && buf[at] === 0x0a) at++;
  return at;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 0x22, '\\': 0x5c };

/** A path as git's raw output prints it: as is, or C-quoted ("…" with \t, \n, \", \\, \ooo) when it needs quoting. */
function rawPath(bytes: Buffer): string {
  if (bytes[0] !== 0x22 || bytes[bytes.length - 1] !== 0x22 || bytes.length < 2) return bytes.toString('utf8');
  const out: number[] = [];
  for (let i = 1; i < bytes.length - 1; i++) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out.push(b);
      continue;
    }
    const c = String.fromCharCode(bytes[++i]!);
    if (c >= '0' && c <= '3') {
      out.push(parseInt(bytes.toString('latin1', i, i + 3), 8));
      i += 2;
    } else {
      out.push(ESCAPES[c] ?? bytes[i]!);
    }
  }
  return Buffer.from(out).toString('utf8');
}
