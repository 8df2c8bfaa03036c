import { DistsyncError } from '../errors.js';
import type { ChecksumEntry, ChecksumFile, ChecksumKind, HashAlgo } from './checksum-types.js';
import { HASH_LENGTH, algoOfFedoraTag, hashAlgoForLength } from './hash-algo.js';

const EXAMPLE: Record<ChecksumKind, string> = {
  'fedora-sources': "'SHA512 (name-1.0.tar.gz) = <128 hex digits>'",
  'centos-metadata': "'<40 or 64 hex digits> SOURCES/name-1.0.tar.gz'",
  checksums: "'<64 or 128 hex digits> SOURCES/name-1.0.tar.gz'",
};

/**
 * Read a lookaside checksum file. Fedora `sources`: 'SHA512 (f) = h' (also
 * SHA256/SHA1/MD5) or the old '<md5>  f'. CentOS `.NAME.metadata` and
 * `checksums`: '<hash> <path>', the algorithm from the hash length. Blank
 * lines are kept; anything else is a bad-checksum-file error with the line.
 */
export function parseChecksumFile(text: string, kind: ChecksumKind, file: string): ChecksumFile {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lines = text.split(eol);
  const finalEol = text === '' || text.endsWith(eol);
  if (finalEol) lines.pop();
  const entries: ChecksumEntry[] = [];
  const seen = new Map<string, number>();
  let blank: string[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (/^[ \t]*$/.test(raw)) {
      blank.push(raw);
      return;
    }
    const entry = parseLine(raw, kind, file, line);
    const before = seen.get(entry.file);
    if (before !== undefined) {
      throw fail(file, line, `${entry.file} is listed twice (also on line ${before})`, 'keep one line per source file');
    }
    seen.set(entry.file, line);
    entries.push({ ...entry, style: { ...entry.style!, blankBefore: blank } });
    blank = [];
  });
  return { kind, entries, eol, finalEol, blankAfter: blank };
}

/** Real lines are under 300 characters; longer ones are refused before any pattern runs on them. */
const MAX_LINE = 4096;

function parseLine(raw: string, kind: ChecksumKind, file: string, line: number): ChecksumEntry {
  const bad = (why: string) => fail(file, line, `${why}; a valid line looks like ${EXAMPLE[kind]}`, `fix line ${line} of ${file}`);
  if (raw.length > MAX_LINE) throw bad(`the line is ${raw.length} characters long`);
  if (kind === 'fedora-sources') {
    const tagged = /^([A-Za-z0-9]+) \((.+)\) = ([0-9A-Fa-f]+)$/.exec(raw);
    if (tagged) {
      const algo = algoOfFedoraTag(tagged[1]!);
      if (!algo) throw bad(`unknown hash type '${tagged[1]}'`);
      return entry(tagged[2]!, algo, tagged[3]!, true, ' ', bad, file, line);
    }
    const old = /^([0-9A-Fa-f]{32})( \*|  | )(\S.*)$/.exec(raw);
    if (old) return entry(old[3]!, 'md5', old[1]!, false, old[2]!, bad, file, line);
    throw bad('not a checksum line');
  }
  const m = /^([0-9A-Za-z]+)( \*|  | )(\S.*)$/.exec(raw);
  if (!m) throw bad('not a checksum line');
  const algo = hashAlgoForLength(m[1]!.length);
  if (!algo) throw bad(`a hash of ${m[1]!.length} characters matches no algorithm (32 md5, 40 sha1, 64 sha256, 128 sha512)`);
  return entry(m[3]!, algo, m[1]!, false, m[2]!, bad, file, line);
}

function entry(
  path: string,
  algo: HashAlgo,
  hash: string,
  tagged: boolean,
  sep: string,
  bad: (why: string) => DistsyncError,
  file: string,
  line: number,
): ChecksumEntry {
  if (hash.length !== HASH_LENGTH[algo]) throw bad(`a ${algo} hash has ${HASH_LENGTH[algo]} hex digits, this one ${hash.length}`);
  if (!/^[0-9a-f]+$/.test(hash)) throw bad(`the hash must be lowercase hex`);
  const why = unsafePath(path);
  if (why) throw fail(file, line, `refusing source path ${JSON.stringify(path)}: ${why}`, 'list the source by its file name (or SOURCES/<name>) only');
  return { file: path.slice(path.lastIndexOf('/') + 1), path, algo, hash, line, style: { tagged, sep, blankBefore: [] } };
}

/** A path we may turn into a file name: relative, no '..', no NUL or control characters. */
export function unsafePath(path: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'control character in the name';
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return 'absolute path';
  if (path.includes('\\')) return "backslash in the name";
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return "'..', '.' or empty path component";
  return undefined;
}

function fail(file: string, line: number, message: string, next: string): DistsyncError {
  return new DistsyncError('bad-checksum-file', message, { file, line, next });
}
