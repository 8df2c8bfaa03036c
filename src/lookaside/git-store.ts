import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DistsyncError } from '../core/errors.js';
import { createGit, type Git, type GitLogger } from '../git/index.js';
import { hashFile } from './hash-file.js';
import { checkRef } from './safe-ref.js';
import type { HashAlgo, LookasideRef, LookasideStore } from './types.js';

export interface GitLookasideOptions {
  /** Repository URL or local path (anything `git fetch` takes). */
  repo: string;
  /** The lookaside branch: one commit per file added, never rewritten. */
  branch: string;
  /** e.g. `http.extraHeader=Authorization: Basic …` (never logged). */
  config?: string[];
  secrets?: string[];
  log?: GitLogger;
  /** Who commits (default distsync <distsync@noreply.invalid>). */
  committer?: { name: string; email: string };
  /** Commit date (tests); default now. */
  now?: () => Date;
}

const IDENT = { name: 'distsync', email: 'distsync@noreply.invalid' };

/**
 * A git lookaside (as ojdkbuild keeps them): the tarballs are files at the
 * root of one branch, each added by its own commit. Fetch takes the branch tip
 * without blobs (`--filter=blob:none --depth=1`, where the server allows it)
 * and then the one blob, and checks its bytes against the checksum file's
 * hash. Put adds one commit on top of the tip and pushes it as a fast-forward:
 * the branch is never rewritten, and a file already there with other bytes is
 * refused.
 */
export function createGitLookaside(o: GitLookasideOptions): LookasideStore {
  const where = `git lookaside ${o.repo}#${o.branch}`;
  const now = o.now ?? (() => new Date());

  /** A scratch bare repository with the branch tip as refs/lookaside (undefined tip: no such branch). */
  async function open<T>(work: (git: Git, tip: string | undefined) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'distsync-git-lookaside-'));
    try {
      const git = createGit(dir, { ...(o.log ? { log: o.log } : {}), ...(o.config ? { config: o.config } : {}), ...(o.secrets ? { secrets: o.secrets } : {}) });
      await git.run(['init', '-q', '--bare', dir]);
      await git.run(['remote', 'add', 'origin', o.repo]);
      const ls = await git.run(['ls-remote', 'origin', `refs/heads/${o.branch}`], { allowFail: true });
      if (ls.code !== 0) throw unreachable(ls.stderr);
      const tip = ls.stdout.split(/\s/)[0] || undefined;
      if (tip) {
        const got = await git.run(['-c', 'uploadpack.allowFilter=true', 'fetch', '-q', '--no-tags', '--filter=blob:none', '--depth=1', 'origin', `+refs/heads/${o.branch}:refs/lookaside`], { allowFail: true });
        if (got.code !== 0) throw unreachable(got.stderr);
      }
      return await work(git, tip);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const unreachable = (stderr: string) =>
    new DistsyncError('lookaside-failed', `cannot read ${where}: ${stderr.trim().split('\n').pop() ?? ''}`, {
      next: 'check the repository URL (and your access to it) in --lookaside git+URL#BRANCH',
    });

  /** The blob id of `file` at the tip, or undefined. */
  async function blobAt(git: Git, file: string): Promise<string | undefined> {
    const res = await git.run(['rev-parse', '--verify', '-q', `refs/lookaside:${file}`], { allowFail: true });
    return res.code === 0 ? res.stdout.trim() : undefined;
  }

  /** The blob's bytes hashed with algo (written to dest through a temp file when the hash is right). */
  async function readBlob(git: Git, blob: string, algo: HashAlgo, expected: string, dest?: string): Promise<string> {
    const bytes = (await git.runBuffer(['cat-file', 'blob', blob])).stdout;
    const actual = createHash(algo).update(bytes).digest('hex');
    if (dest && actual === expected) {
      await mkdir(dirname(dest), { recursive: true });
      const tmp = join(dirname(dest), `.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, dest);
    }
    return actual;
  }

  const mismatch = (ref: LookasideRef, actual: string, next: string) =>
    new DistsyncError('hash-mismatch', `${ref.file} on ${where} has ${ref.algo} ${actual}, expected ${ref.hash}`, { next });
  const missing = (ref: LookasideRef) =>
    new DistsyncError('lookaside-missing', `${ref.file} (${ref.algo} ${ref.hash.slice(0, 16)}…) is not on ${where}`, {
      next: `add it (distsync propose-downstream --lookaside git+${o.repo}#${o.branch}, or distsync lookaside import), or check --lookaside`,
    });

  return {
    describe: () => where,
    async preflight() {
      await open(async () => undefined);
    },
    async has(raw) {
      const ref = checkRef(raw);
      return open(async (git, tip) => {
        const blob = tip ? await blobAt(git, ref.file) : undefined;
        return blob !== undefined && (await readBlob(git, blob, ref.algo, ref.hash)) === ref.hash;
      });
    },
    async fetch(raw, destPath) {
      const ref = checkRef(raw);
      await open(async (git, tip) => {
        const blob = tip ? await blobAt(git, ref.file) : undefined;
        if (!blob) throw missing(ref);
        const actual = await readBlob(git, blob, ref.algo, ref.hash, destPath);
        if (actual !== ref.hash) throw mismatch(ref, actual, `the lookaside branch holds other bytes under this name (tampered or a wrong checksum line); fix the checksum file or ask who owns ${o.repo}`);
      });
    },
    async put(raw, srcPath) {
      const ref = checkRef(raw);
      const srcHash = await hashFile(srcPath, ref.algo);
      if (srcHash !== ref.hash) {
        throw new DistsyncError('hash-mismatch', `${srcPath} has ${ref.algo} ${srcHash}, expected ${ref.hash}`, { file: srcPath, next: `upload the right file, or record ${ref.algo} ${srcHash} in the checksum file` });
      }
      return open(async (git, tip) => {
        const existing = tip ? await blobAt(git, ref.file) : undefined;
        if (existing) {
          const actual = await readBlob(git, existing, ref.algo, ref.hash);
          if (actual === ref.hash) return 'present';
          throw mismatch(ref, actual, `the branch already has ${ref.file} with other bytes and is never rewritten: give the new tarball another name`);
        }
        const blob = (await git.run(['hash-object', '-w', '--no-filters', srcPath])).stdout.trim();
        const index = join(git.cwd, 'lookaside.index');
        const env = { GIT_INDEX_FILE: index };
        if (tip) await git.run(['read-tree', 'refs/lookaside'], { env });
        else await git.run(['read-tree', '--empty'], { env });
        await git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${ref.file}`], { env });
        const tree = (await git.run(['write-tree'], { env })).stdout.trim();
        const who = o.committer ?? IDENT;
        const date = now().toISOString();
        const commit = (
          await git.run(['commit-tree', tree, ...(tip ? ['-p', tip] : []), '-m', `Add ${ref.file}\n\n${ref.algo.toUpperCase()} (${ref.file}) = ${ref.hash}\n`], {
            env: { GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
          })
        ).stdout.trim();
        // A plain push: a fast-forward of the tip we built on, or refused (a racing writer's commit is never lost).
        const pushed = await git.run(['push', '-q', 'origin', `${commit}:refs/heads/${o.branch}`], { allowFail: true });
        if (pushed.code !== 0) {
          throw new DistsyncError('lookaside-failed', `pushing ${ref.file} to ${where} failed: ${pushed.stderr.trim().split('\n').pop() ?? ''}`, {
            next: 'someone else pushed to the branch, or you may not push there: run again (the branch is never force-pushed)',
          });
        }
        return 'stored';
      });
    },
  };
}
