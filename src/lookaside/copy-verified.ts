import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HashAlgo } from './types.js';

/**
 * Copy src to dest through a temp file next to dest, hashing the bytes on
 * the way; dest appears (rename) only when the hash is `expected`. Returns the
 * actual hash either way.
 */
export async function copyVerified(src: string, dest: string, algo: HashAlgo, expected: string): Promise<string> {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.tmp`);
  const hash = createHash(algo);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(src), tap, createWriteStream(tmp, { flags: 'wx' }));
    const actual = hash.digest('hex');
    if (actual === expected) await rename(tmp, dest);
    return actual;
  } finally {
    await rm(tmp, { force: true });
  }
}
