import type { Git } from './git.js';
import { DIFF_ARGS, pathspecArgs, uniqueMarker } from './diff-args.js';
import { logRecordSplitter } from './log-records.js';

/**
 * The diff of every first-parent commit of `range` against its first parent,
 * as raw bytes, from ONE `git log -p` call. Each value is exactly the diff part
 * (from the first `diff --git` to just before the `-- ` signature) of
 * `git format-patch --stdout --no-renames -1 <sha> -- <pathspec>`; merges get
 * their diff against the first parent; commits changing only excluded paths
 * map to an empty buffer.
 */
export async function diffsForRangeRaw(git: Git, range: string, opts: { excludePaths?: string[] } = {}): Promise<Map<string, Buffer>> {
  return logDiffs(git, ['--first-parent', '--reverse', '--end-of-options', range], opts);
}

/**
 * The same for the given commits (e.g. a linearised history), in ONE `git log --no-walk`,
 * decoded as UTF-8 while git prints them (a huge diff is held once, as text).
 */
export async function diffsForCommits(git: Git, shas: string[], opts: { excludePaths?: string[] } = {}): Promise<Map<string, string>> {
  if (shas.length === 0) return new Map();
  const nonce = uniqueMarker();
  const split = logRecordSplitter(Buffer.from(`\0\0${nonce}\0`, 'latin1'));
  await git.runBuffer(logArgs(nonce, ['--no-walk=unsorted', '--stdin'], opts), { input: `${shas.join('\n')}\n`, onStdout: (c) => split.write(c) });
  return split.end();
}

function logArgs(nonce: string, revArgs: string[], opts: { excludePaths?: string[] }): string[] {
  return [
    'log', '-p', '--diff-merges=first-parent', '--root', '--full-history', '--sparse',
    '--no-show-signature', ...DIFF_ARGS, `--format=%x00%x00${nonce}%x00%H`,
    ...revArgs, ...(opts.excludePaths?.length ? [] : ['--']), ...pathspecArgs(opts.excludePaths),
  ];
}

async function logDiffs(git: Git, revArgs: string[], opts: { excludePaths?: string[] }): Promise<Map<string, Buffer>> {
  const nonce = uniqueMarker();
  const marker = Buffer.from(`\0\0${nonce}\0`, 'latin1');
  const res = await git.runBuffer(logArgs(nonce, revArgs, opts));
  const out = res.stdout;
  const map = new Map<string, Buffer>();
  let pos = out.indexOf(marker);
  while (pos >= 0) {
    const shaStart = pos + marker.length;
    const next = out.indexOf(marker, shaStart);
    const endOfRecord = next < 0 ? out.length : next;
    const nl = out.indexOf(0x0a, shaStart);
    const shaEnd = nl < 0 || nl > endOfRecord ? endOfRecord : nl;
    const sha = out.subarray(shaStart, shaEnd).toString('latin1');
    let bodyStart = shaEnd;
    while (bodyStart < endOfRecord && out[bodyStart] === 0x0a) bodyStart++;
    map.set(sha, out.subarray(bodyStart, endOfRecord));
    pos = next;
  }
  return map;
}

/**
 * diffsForRangeRaw decoded as UTF-8 (what patch files are written as). A diff
 * of non-UTF-8 file content (e.g. a Latin-1 ChangeLog) loses bytes here: use
 * the raw variant when `isUtf8(raw)` is false.
 */
export async function diffsForRange(git: Git, range: string, opts: { excludePaths?: string[] } = {}): Promise<Map<string, string>> {
  const raw = await diffsForRangeRaw(git, range, opts);
  return new Map([...raw].map(([sha, buf]) => [sha, buf.toString('utf8')]));
}
