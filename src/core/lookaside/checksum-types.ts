export type ChecksumKind = 'fedora-sources' | 'centos-metadata' | 'checksums';
export type HashAlgo = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** How a line was written, so that printing gives back the same bytes. */
export interface EntryStyle {
  /** Fedora 'SHA512 (f) = h' (true) or '<hash><sep><path>' (false). */
  tagged: boolean;
  /** Between hash and path in untagged lines: ' ', '  ' (md5sum), ' *' (binary mode). */
  sep: string;
  /** Blank (whitespace-only) lines right before this entry, as written. */
  blankBefore: string[];
}

export interface ChecksumEntry {
  /** Base name of the source file. */
  file: string;
  /** The path as written (e.g. 'SOURCES/x.tar.gz'). */
  path: string;
  algo: HashAlgo;
  /** Lowercase hex. */
  hash: string;
  /** 1-based line in the file. */
  line: number;
  /** Absent on entries made in code: the file's convention is used. */
  style?: EntryStyle;
}

export interface ChecksumFile {
  kind: ChecksumKind;
  entries: ChecksumEntry[];
  /** '\n' or '\r\n'. */
  eol: string;
  /** Whether the last line ends with `eol` (default true). */
  finalEol?: boolean;
  /** Blank lines after the last entry, as written. */
  blankAfter?: string[];
}
