import { DistsyncError } from '../core/errors.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allInOrder } from '../core/all-in-order.js';
import type { Git } from './git.js';

export interface TreeChanges {
  /** path (from the top) → new bytes, stored exactly (no clean filter, no eol conversion). */
  writes: ReadonlyMap<string, Buffer>;
  deletes: readonly string[];
}

/**
 * The tree `base` (a commit, or null for none) becomes with `changes`, built
 * in a private index under `scratch` (an empty temp dir the caller owns): the
 * repository's index, work tree and refs are not touched, only new objects are
 * written. Existing files keep their mode; new ones are 100644. `baseModes`: the mode of each
 * path of `base`'s tree, when the caller listed it (`ls-tree -r` of base): no `ls-files` then.
 */
export async function buildTree(git: Git, base: string | null, changes: TreeChanges, scratch: string, baseModes?: ReadonlyMap<string, string>): Promise<string> {
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  const paths = [...changes.writes.keys()];
  // the private index (and the modes in it) is made while fast-import writes the blobs: neither needs the other
  const [modes, ids] = await allInOrder<[Map<string, string>, string[]]>([
    git.run(base ? ['read-tree', base] : ['read-tree', '--empty'], { env }).then(() => (baseModes || !base ? regularModes(baseModes ?? new Map(), paths) : currentModes(git, env, paths))),
    writeBlobs(git, paths.map((p) => changes.writes.get(p)!), scratch),
  ]);
  const zero = '0'.repeat(ids[0]?.length ?? 40);
  const lines = [
    ...changes.deletes.map((p) => `0 ${zero}\t${p}`),
    ...paths.map((p, i) => `${modes.get(p) ?? '100644'} ${ids[i]}\t${p}`),
  ];
  if (lines.length) await git.run(['update-index', '-z', '--index-info'], { env, input: lines.map((l) => `${l}\0`).join('') });
  return (await git.run(['write-tree'], { env })).stdout.trim();
}

/** The regular-file modes of `paths` among `modes` (what currentModes finds in an index read from the same tree). */
function regularModes(modes: ReadonlyMap<string, string>, paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const m = modes.get(p);
    if (m === '100644' || m === '100755') out.set(p, m);
  }
  return out;
}

/** Mode of each path in the private index (symlinks and gitlinks are replaced by regular files). */
async function currentModes(git: Git, env: Record<string, string>, paths: string[]): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  if (paths.length === 0) return modes;
  const res = await git.run(['ls-files', '-s', '-z', '--', ...paths.map((p) => `:(literal)${p}`)], { env });
  for (const rec of res.stdout.split('\0')) {
    const m = /^(\d{6}) [0-9a-f]+ \d\t(.*)$/s.exec(rec);
    if (m && (m[1] === '100644' || m[1] === '100755')) modes.set(m[2]!, m[1]!);
  }
  return modes;
}

/**
 * fast-import deflates each object with a fresh zlib stream (~270 KiB of state, malloc'd and
 * freed per object); glibc gives the freed top of the heap back to the kernel each time and
 * takes it again for the next object: 4 brk calls per blob. Where a syscall is dear (here: 1000
 * patch files, 4010 brk, 0.3 s of system time, 0.6-1.1 s in all) that is nearly all of its
 * time. Keeping 16 MiB at the top of the heap (glibc's M_TOP_PAD) leaves 6 brk calls: ~50 ms,
 * the same pack byte for byte (same blob ids). Other allocators ignore the variable.
 */
const FAST_IMPORT_MALLOC = { MALLOC_TOP_PAD_: String(16 * 1024 * 1024) };

/** Blobs under this size are joined with their neighbours into pieces of about PIECE bytes. */
const JOIN_MAX = 64 * 1024;
const PIECE = 256 * 1024;

/**
 * Store `blobs` as objects and return their ids, in order: ONE `git fast-import`
 * writes them as one pack (N loose objects cost N files: 4.6 s against 0.3 s
 * for 1000 patch files on a busy disk). Its marks file gives the ids.
 */
async function writeBlobs(git: Git, blobs: Buffer[], scratch: string): Promise<string[]> {
  if (blobs.length === 0) return [];
  const marks = join(scratch, 'marks');
  // the pieces go to stdin one by one: a large patch is never copied into one joined buffer; small
  // ones are joined with their headers into pieces of ~256 KiB (one write each, not three per blob)
  const parts: Buffer[] = [];
  let small: Buffer[] = [];
  let smallBytes = 0;
  const flush = () => {
    if (small.length) parts.push(Buffer.concat(small, smallBytes));
    small = [];
    smallBytes = 0;
  };
  const NL = Buffer.from('\n', 'latin1');
  blobs.forEach((b, i) => {
    const head = Buffer.from(`blob\nmark :${i + 1}\ndata ${b.length}\n`, 'latin1');
    if (b.length >= JOIN_MAX) {
      flush();
      parts.push(head, b, NL);
      return;
    }
    small.push(head, b, NL);
    smallBytes += head.length + b.length + 1;
    if (smallBytes >= PIECE) flush();
  });
  flush();
  parts.push(Buffer.from('done\n', 'latin1'));
  await git.run(['fast-import', '--quiet', '--done', `--export-marks=${marks}`], { input: parts, env: FAST_IMPORT_MALLOC });
  const ids = new Map<number, string>();
  for (const line of (await readFile(marks, 'utf8')).split('\n')) {
    const m = /^:(\d+) ([0-9a-f]{40,64})$/.exec(line);
    if (m) ids.set(Number(m[1]), m[2]!);
  }
  return blobs.map((_, i) => {
    const id = ids.get(i + 1);
    if (!id) throw new DistsyncError('git-failed', `git fast-import gave no object id for blob ${i + 1} (${git.cwd})`, { next: `check the repository: git -C ${git.cwd} fsck` });
    return id;
  });
}
