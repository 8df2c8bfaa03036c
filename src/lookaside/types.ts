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
  /**
   * Store srcPath (which must have ref's hash) as ref: 'stored' when it was
   * written now, 'present' when the store already held an intact copy.
   */
  put(ref: LookasideRef, srcPath: string): Promise<PutOutcome>;
  /**
   * Before any work: throws (lookaside-incompatible / lookaside-denied…) when
   * the store cannot take `algo` objects of package `pkg`, naming what it needs.
   */
  preflight(pkg: string, algo: HashAlgo): Promise<void>;
}

export type PutOutcome = 'stored' | 'present';

export const HASH_HEX_LENGTH: Record<HashAlgo, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
