import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';

/**
 * The bytes of `path` (from the top of the repo) in `ref`, exactly as committed.
 * Read with `git cat-file --batch`, whose header gives the size first: the
 * bytes land in one buffer of that size (a huge patch is held once, not as
 * pipe chunks plus their concatenation).
 */
export async function readBlob(git: Git, ref: string, path: string): Promise<Buffer> {
  if (!/[\n\r]/.test(ref + path)) {
    const sink = blobSink();
    const res = await git.runBuffer(['cat-file', '--batch'], { input: `${ref}:${path}\n`, onStdout: (c) => sink.write(c), allowFail: true });
    const blob = sink.blob();
    if (res.code === 0 && blob) return blob;
  }
  return readBlobPlain(git, ref, path);
}

/** `git cat-file blob`: also what names the error when the batch read finds no such blob. */
async function readBlobPlain(git: Git, ref: string, path: string): Promise<Buffer> {
  const res = await git.runBuffer(['cat-file', 'blob', `${ref}:${path}`], { allowFail: true });
  if (res.code === 0) return res.stdout;
  if (/does not exist in|exists on disk, but not in/.test(res.stderr)) {
    throw new DistsyncError('git-failed', `${path} is not in ${ref} (${git.cwd})`, { file: path, next: `list the files with git -C ${git.cwd} ls-tree -r --name-only ${ref}` });
  }
  const why = res.stderr.trim().split('\n')[0] ?? '';
  if (/not a valid object name|invalid object name|bad revision/i.test(res.stderr)) {
    throw new DistsyncError('ref-not-found', `cannot read ${ref}:${path} in ${git.cwd}: ${why}`, {
      file: path,
      next: `check that ${ref} exists (git -C ${git.cwd} show-ref)`,
    });
  }
  throw new DistsyncError('git-failed', `cannot read ${ref}:${path} in ${git.cwd}: ${why}`, { file: path, next: `is ${path} a file? (git -C ${git.cwd} ls-tree ${ref} -- ${path})` });
}

/** One `<oid> blob <size>\n<bytes>\n` answer of cat-file --batch; blob() is null for anything else ('missing', a tree). */
function blobSink(): { write(chunk: Buffer): void; blob(): Buffer | null } {
  let head: Buffer = Buffer.alloc(0);
  let body: Buffer | null = null;
  let filled = 0;
  let bad = false;
  return {
    write(chunk) {
      if (bad) return;
      let rest = chunk;
      if (!body) {
        head = Buffer.concat([head, chunk]);
        const nl = head.indexOf(0x0a);
        if (nl < 0) {
          bad = head.length > 1024;
          return;
        }
        const m = /^[0-9a-f]+ blob (\d+)$/.exec(head.toString('latin1', 0, nl));
        if (!m) {
          bad = true;
          return;
        }
        body = Buffer.allocUnsafe(Number(m[1]));
        rest = head.subarray(nl + 1);
        head = Buffer.alloc(0);
      }
      const n = Math.min(rest.length, body.length - filled);
      rest.copy(body, filled, 0, n);
      filled += n;
    },
    blob: () => (!bad && body && filled === body.length ? body : null),
  };
}
