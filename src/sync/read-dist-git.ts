import { DistsyncError } from '../core/errors.js';
import { detectLayout, type DistGitLayout } from '../core/layout/index.js';
import { checksumKindFor, parseChecksumFile, type ChecksumFile } from '../core/lookaside/index.js';
import { parseSpec, type SpecDocument } from '../core/spec/index.js';
import { createGit, headSha, listFileModes, readBlob, readBlobs, repoGitDir, resolveRef, type Git } from '../git/index.js';
import type { PlanMemo } from './plan-memo.js';
import type { Logger } from '../core/log.js';
import type { Interrupt } from '../core/run-scope.js';

/** What a use case needs to know about a dist-git checkout, read once. */
export interface DistGitSnapshot {
  dir: string;
  git: Git;
  head: string | null; // null for a repo without commits
  files: string[];
  /** Mode of each of `files` at head (from the same ls-tree). */
  modes: ReadonlyMap<string, string>;
  layout: DistGitLayout;
  specText: string;
  spec: SpecDocument;
  checksum: ChecksumFile | null;
}

export async function openDistGit(dir: string, log: Logger, interrupt?: Interrupt): Promise<Git> {
  const gitDir = await repoGitDir(dir, { log });
  if (gitDir === null) {
    throw new DistsyncError('not-a-repo', `${dir} is not a git repository`, {
      next: `clone the dist-git repository first: git clone <dist-git-url> ${dir}`,
    });
  }
  return createGit(dir, { log, gitDir, ...(interrupt ? { interrupt } : {}) });
}

/**
 * Read the dist-git at HEAD (committed content only). `memo`: the run's reads (the spec and
 * checksum file are read into it, so the plan does not read them again).
 */
export async function readDistGit(
  git: Git,
  opts: { pkgName?: string; fallbackLayout?: DistGitLayout; ref?: string; memo?: Pick<PlanMemo, 'blobs'> } = {},
): Promise<DistGitSnapshot> {
  const head = opts.ref ? await resolveRef(git, `${opts.ref}^{commit}`) : await headSha(git).catch(() => null);
  const { files, modes } = head ? await listFileModes(git, head) : { files: [], modes: new Map<string, string>() };
  const layout = files.length === 0 && opts.fallbackLayout ? opts.fallbackLayout : detectLayout(files, opts);
  const hasSpec = !!head && files.includes(layout.specPath);
  const kind = head && layout.checksumPath && files.includes(layout.checksumPath) ? layout.checksumKind ?? checksumKindFor(layout.checksumPath) : null;
  // spec and checksum file in one batch
  const wanted = [...(hasSpec ? [layout.specPath] : []), ...(kind && layout.checksumPath ? [layout.checksumPath] : [])];
  const bytes = head && wanted.length ? await (opts.memo ? opts.memo.blobs(git, head, wanted) : readBlobs(git, head, wanted)) : new Map<string, Buffer>();
  // a path the batch did not give: readBlob reads it or says why
  const blob = async (path: string) => bytes.get(path) ?? (await readBlob(git, head!, path));
  const specText = hasSpec ? (await blob(layout.specPath)).toString('utf8') : '';
  const spec = parseSpec(specText, layout.specPath);
  let checksum: ChecksumFile | null = null;
  if (kind && layout.checksumPath) checksum = parseChecksumFile((await blob(layout.checksumPath)).toString('utf8'), kind, layout.checksumPath);
  return { dir: git.cwd, git, head, files, modes, layout, specText, spec, checksum };
}
