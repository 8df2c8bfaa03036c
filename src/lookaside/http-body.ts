import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DistsyncError } from '../core/errors.js';
import type { HashAlgo } from './types.js';

/** Largest object a remote store may send us (Fedora tarballs are far below this). */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

/**
 * Stream an HTTP response body through a hash (and a size cap) into dest via a
 * temp file next to it; dest appears only when the hash is `expected`. With
 * dest undefined the bytes are hashed and dropped. Returns the actual hash.
 */
export async function saveBodyVerified(
  res: Response,
  url: string,
  algo: HashAlgo,
  expected: string | undefined,
  dest: string | undefined,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<string> {
  try {
    return await save(res, url, algo, expected, dest, maxBytes);
  } catch (e) {
    if (e instanceof DistsyncError) throw e;
    throw new DistsyncError('lookaside-failed', `downloading ${url} failed: ${reason(e)}`, { next: 'check the network and retry', cause: e });
  }
}

async function save(res: Response, url: string, algo: HashAlgo, expected: string | undefined, dest: string | undefined, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooBig(url, maxBytes);
  const hash = createHash(algo);
  let seen = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(tooBig(url, maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  if (dest === undefined) {
    await pipeline(body, tap, new Writable({ write: (_c, _e, done) => done() }));
    return hash.digest('hex');
  }
  await mkdir(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await pipeline(body, tap, createWriteStream(tmp, { flags: 'wx' }));
    const actual = hash.digest('hex');
    // expected undefined: nothing to check against (the caller says so), keep the bytes
    if (expected === undefined || actual === expected) await rename(tmp, dest);
    return actual;
  } finally {
    await rm(tmp, { force: true });
  }
}

function tooBig(url: string, maxBytes: number): DistsyncError {
  return new DistsyncError('lookaside-missing', `${url} is larger than ${maxBytes} bytes; refusing to download it`, {
    next: 'check the lookaside URL; the object is not a source tarball of a sane size',
  });
}

/** fetch with a timeout; network failures become DistsyncErrors naming the URL. */
export async function request(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    const why = e instanceof Error && e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : reason(e);
    throw new DistsyncError('lookaside-failed', `${init.method ?? 'GET'} ${url} failed: ${why}`, { next: 'check the lookaside URL and the network, then retry', cause: e });
  }
}

function reason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause instanceof Error ? e.cause.message : e.message;
}
