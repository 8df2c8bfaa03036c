import { DistsyncError } from '../errors.js';
import type { ChecksumEntry, ChecksumFile, ChecksumKind, EntryStyle, HashAlgo } from './checksum-types.js';
import { HASH_LENGTH } from './hash-algo.js';
import { unsafePath } from './parse-checksum-file.js';

export interface ChecksumUpdate {
  /** Base name of the source file. */
  file: string;
  algo: HashAlgo;
  hash: string;
  /** Base name of the entry this one takes the place of (e.g. the previous tarball). */
  replaces?: string;
}

const DEFAULT_ALGO: Record<ChecksumKind, HashAlgo> = { 'fedora-sources': 'sha512', 'centos-metadata': 'sha256', checksums: 'sha256' };
const DEFAULT_DIR: Record<ChecksumKind, string> = { 'fedora-sources': '', 'centos-metadata': 'SOURCES/', checksums: 'SOURCES/' };

/** The algorithm new entries should use: the one most entries use, else the kind's default (sha512 Fedora, sha256 otherwise). */
export function preferredAlgo(f: ChecksumFile): HashAlgo {
  const counts = new Map<HashAlgo, number>();
  for (const e of f.entries) counts.set(e.algo, (counts.get(e.algo) ?? 0) + 1);
  let best: HashAlgo | undefined;
  for (const [algo, n] of counts) if (best === undefined || n > counts.get(best)!) best = algo;
  return best ?? DEFAULT_ALGO[f.kind];
}

/**
 * Add or replace the entry of a source file, keeping the file's conventions:
 * the replaced entry's place, line style and directory ('SOURCES/'), or for a
 * new entry those of the last one. Returns a new ChecksumFile (lines renumbered).
 */
export function upsertChecksumEntry(f: ChecksumFile, u: ChecksumUpdate): ChecksumFile {
  check(u);
  const target = f.entries.find((e) => e.file === (u.replaces ?? u.file)) ?? f.entries.find((e) => e.file === u.file);
  const model = target ?? f.entries[f.entries.length - 1];
  const dir = model ? model.path.slice(0, model.path.length - model.file.length) : DEFAULT_DIR[f.kind];
  const entry: ChecksumEntry = { file: u.file, path: dir + u.file, algo: u.algo, hash: u.hash, line: 0 };
  const style = styleFor(f.kind, u.algo, model?.style, target?.style?.blankBefore ?? []);
  if (style) entry.style = style;
  const entries = target
    ? f.entries.flatMap((e) => (e === target ? [entry] : e.file === u.file ? [] : [e]))
    : [...f.entries, entry];
  return renumber({ ...f, entries });
}

/** Drop the entry of a source file (no-op when absent). */
export function removeChecksumEntry(f: ChecksumFile, file: string): ChecksumFile {
  return renumber({ ...f, entries: f.entries.filter((e) => e.file !== file) });
}

function styleFor(kind: ChecksumKind, algo: HashAlgo, model: EntryStyle | undefined, blankBefore: string[]): EntryStyle | undefined {
  if (!model) return undefined;
  // Fedora's old untagged lines can only carry md5
  const tagged = kind === 'fedora-sources' ? model.tagged || algo !== 'md5' : model.tagged;
  return { tagged, sep: model.sep, blankBefore };
}

function check(u: ChecksumUpdate): void {
  const fail = (why: string) =>
    new DistsyncError('bad-checksum-file', `cannot record ${JSON.stringify(u.file)}: ${why}`, { next: 'pass a plain file name and its lowercase hex digest' });
  if (!/^[0-9a-f]+$/.test(u.hash) || u.hash.length !== HASH_LENGTH[u.algo]) throw fail(`not a lowercase ${u.algo} hex digest`);
  if (u.file.includes('/') || unsafePath(u.file)) throw fail('not a plain file name');
}

function renumber(f: ChecksumFile): ChecksumFile {
  let line = 0;
  const entries = f.entries.map((e) => {
    line += (e.style?.blankBefore.length ?? 0) + 1;
    return { ...e, line };
  });
  return { ...f, entries };
}
