import { DistsyncError } from '../core/errors.js';
import { HASH_HEX_LENGTH, type LookasideRef } from './types.js';

function checkName(kind: string, name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) {
    throw new DistsyncError('bad-checksum-file', `refusing ${kind} name '${name.replace(/\0/g, '\\0')}': it must be a plain file name`, {
      next: 'fix the entry in the checksum file (sources / .NAME.metadata)',
    });
  }
}

/**
 * Names from checksum files are untrusted: a file or package name must be a
 * plain name (no '/', '..', NUL) and the hash plain hex of the algorithm's
 * length, before any path is built from them. Returns the ref with the hash
 * in lower case.
 */
export function checkRef(ref: LookasideRef): LookasideRef {
  checkName('file', ref.file);
  checkName('package', ref.pkg);
  const len = HASH_HEX_LENGTH[ref.algo];
  if (len === undefined) {
    throw new DistsyncError('bad-checksum-file', `unknown hash algorithm '${String(ref.algo)}' for ${ref.file}`, { next: 'use md5, sha1, sha256 or sha512' });
  }
  const hash = ref.hash.toLowerCase();
  if (hash.length !== len || !/^[0-9a-f]+$/.test(hash)) {
    throw new DistsyncError('bad-checksum-file', `'${ref.hash}' is not a ${ref.algo} hash (${len} hex digits) for ${ref.file}`, {
      next: 'fix the entry in the checksum file',
    });
  }
  return { ...ref, hash };
}
