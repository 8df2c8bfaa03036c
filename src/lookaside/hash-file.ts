import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { HashAlgo } from './types.js';

/** Hex digest of a file, read as a stream (big tarballs stay out of memory). */
export async function hashFile(path: string, algo: HashAlgo): Promise<string> {
  const hash = createHash(algo);
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
