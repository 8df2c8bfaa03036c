import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { RunScope } from '../core/run-scope.js';
import { assertClean, createGit, headSha, listFiles, resolveRef } from '../git/index.js';
import { startFreshRepo, startWorktree, type WorkRepo } from './work-repo.js';

/** Check the source-git target of `init` and open a work repo for it. */
export async function openInitTarget(target: string, upstreamRef: string, opts: { fromTarball: boolean; targetIsRepo: boolean; log: Logger; scope: RunScope }): Promise<WorkRepo> {
  if (opts.fromTarball) {
    if (/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(upstreamRef)) {
      // the import makes its own commit, tagged upstreamRef: a tag spelled like a commit id would be read as one
      throw new DistsyncError('usage', `upstream ref '${upstreamRef}' looks like a commit id, but --from-tarball makes its own upstream commit and tags it with that name`, {
        next: `name the tarball's upstream release instead (e.g. the release tag, v<version>), then re-run`,
      });
    }
    return startFreshRepo(target, opts.log, opts.scope, { targetIsRepo: opts.targetIsRepo });
  }
  if (!opts.targetIsRepo) {
    throw new DistsyncError('not-a-repo', `${target} is not a git repository`, {
      next: `clone upstream there and check out ${upstreamRef}, or pass --from-tarball to import the lookaside tarball`,
    });
  }
  const userGit = createGit(target, { log: opts.log, interrupt: opts.scope });
  await assertClean(userGit, 'source-git');
  const base = await resolveRef(userGit, `${upstreamRef}^{commit}`);
  const head = await headSha(userGit);
  if (head !== base) {
    throw new DistsyncError('usage', `${target} is at ${head.slice(0, 12)}, not at ${upstreamRef} (${base.slice(0, 12)})`, {
      next: `git -C ${target} checkout ${upstreamRef}   (then re-run)`,
    });
  }
  if ((await listFiles(userGit, head)).some((f) => f.startsWith('.distro/'))) {
    throw new DistsyncError('usage', `${target} already has .distro/: it is a source-git repository`, {
      next: `distsync source-git status ${target} <dist-git>`,
    });
  }
  return startWorktree(userGit, base, opts.log, opts.scope);
}
