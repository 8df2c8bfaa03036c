import type { HashAlgo } from './checksum-types.js';

export const HASH_LENGTH: Record<HashAlgo, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** The algorithm a hex digest of this length comes from (32 md5, 40 sha1, 64 sha256, 128 sha512). */
export function hashAlgoForLength(hexLength: number): HashAlgo | null {
  for (const [algo, len] of Object.entries(HASH_LENGTH) as [HashAlgo, number][]) if (len === hexLength) return algo;
  return null;
}

/** Fedora's tag for an algorithm in 'SHA512 (f) = h' lines. */
export function fedoraTag(algo: HashAlgo): string {
  return algo.toUpperCase();
}

export function algoOfFedoraTag(tag: string): HashAlgo | null {
  const a = tag.toLowerCase();
  return a in HASH_LENGTH ? (a as HashAlgo) : null;
}
