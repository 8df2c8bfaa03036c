export type HashAlgo = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** One source file as a checksum file names it. */
export interface LookasideRef {
  pkg: string;
  file: string;
  algo: HashAlgo;
  hash: string;
}

export interface LookasideStore {
  /** For messages: where the store is ("local directory /srv/lookaside"). */
  describe(): string;
  /** Copy the file to destPath after checking its hash (lookaside-missing / hash-mismatch otherwise). */
  fetch(ref: LookasideRef, destPath: string): Promise<void>;
  /** True when the store holds a copy with the right hash. */
  has(ref: LookasideRef): Promise<boolean>;
  /** Store srcPath (which must have ref's hash) as ref. */
  put(ref: LookasideRef, srcPath: string): Promise<void>;
}

export const HASH_HEX_LENGTH: Record<HashAlgo, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
