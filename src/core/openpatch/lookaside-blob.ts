import { createHash } from 'node:crypto';
import { hashAlgoForLength, type HashAlgo } from '../lookaside/index.js';
import { directiveError } from './directive-error.js';
import type { DirectiveRef } from './tree-types.js';

/** The bytes of a lookaside object named by its hash, checked against that hash (srpmproc's CompareHash). */
export function readBlob(ref: DirectiveRef, hash: string, blobs: ReadonlyMap<string, Uint8Array> | undefined): { data: Uint8Array; algo: HashAlgo } {
  const algo = /^[0-9a-f]+$/.test(hash) ? hashAlgoForLength(hash.length) : null;
  if (!algo) throw directiveError(ref, `'${hash}' is not a lookaside hash (md5, sha1, sha256 or sha512 in lowercase hex)`, 'copy the hash from the .NAME.metadata or sources file');
  const data = blobs?.get(hash);
  if (!data) throw directiveError(ref, `lookaside object ${hash} is not in the lookaside cache`, 'upload it first, or fix the hash in the directive');
  if (hexDigest(algo, data) !== hash) throw directiveError(ref, `lookaside object ${hash} does not match its ${algo} hash (srpmproc: LOOKASIDE_HASH_DOES_NOT_MATCH)`, 're-upload the object, or fix the hash');
  return { data, algo };
}

export function hexDigest(algo: HashAlgo, data: Uint8Array): string {
  return createHash(algo).update(data).digest('hex');
}
