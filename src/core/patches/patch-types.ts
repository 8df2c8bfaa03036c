import type { PatchAuthor } from './mail-headers.js';

export type { PatchAuthor } from './mail-headers.js';

export type PatchFormat = 'mbox' | 'mail' | 'git-show' | 'git-diff' | 'gendiff' | 'unified' | 'unknown';

export interface PatchFileChange {
  /** As written (with a/ b/ or directory prefixes); null for /dev/null (or a diff -N epoch time stamp). */
  oldPath: string | null;
  newPath: string | null;
  binary: boolean;
}

export interface ParsedPatch {
  format: PatchFormat;
  /** The commit named by a 'From <sha> Mon Sep 17 …' line (or a git-show 'commit <sha>' line). */
  fromSha?: string;
  /** From: (RFC 2047 decoded), or git-show 'Author:'. */
  author?: PatchAuthor;
  /** Raw Date: value (RFC 2822, or git-show's format). */
  date?: string;
  /** Without a '[PATCH n/m] ' prefix; folded header lines joined. */
  subject?: string;
  /** Message body (before '---' / the diff), trailing whitespace trimmed; for a free-text preamble, the free text. */
  body: string;
  /** From the first 'diff ' / '--- ' / 'Index:' line to the end, exact bytes, without a trailing '-- \n2.x.y\n' signature. */
  diff: string;
  files: PatchFileChange[];
}
