import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from './git.js';
import { gitError } from './git-error.js';

/**
 * Bring the index and work tree from `from` (the commit they match now, or
 * null for an unborn branch) to `to` (a commit or tree) in one
 * `git read-tree -m -u`: a two-way merge that refuses to touch local changes.
 * On failure they are put back to `from` (files `to` would add are removed),
 * then the error is thrown. Stale stat data in the index (a copied repo, a
 * touched file) is refreshed first, as `git status` would: read-tree -m takes
 * such an entry for a local change otherwise.
 */
export async function checkoutTree(git: Git, from: string | null, to: string): Promise<void> {
  if (from) await git.run(['update-index', '-q', '--refresh'], { allowFail: true });
  const args = ['read-tree', '-m', '-u', ...(from ? [from] : []), to];
  const res = await git.run(args, { allowFail: true });
  if (res.code === 0) return;
  await restoreCheckout(git, from, to);
  throw gitError(args, git.cwd, res.code, res.stderr);
}

/** Index and work tree back to `from` after a checkout towards `to` failed or was undone. */
export async function restoreCheckout(git: Git, from: string | null, to: string): Promise<void> {
  const added = await addedPaths(git, from, to);
  if (from) await git.run(['reset', '-q', '--hard', from], { allowFail: true });
  else await git.run(['read-tree', '--empty'], { allowFail: true });
  for (const p of added) {
    const tracked = await git.run(['ls-files', '--error-unmatch', '--', `:(literal)${p}`], { allowFail: true });
    if (tracked.code !== 0) await rm(join(git.cwd, p), { force: true });
  }
}

async function addedPaths(git: Git, from: string | null, to: string): Promise<string[]> {
  const res = from
    ? await git.run(['diff-tree', '-r', '-z', '--no-renames', '--name-only', '--diff-filter=A', from, to], { allowFail: true })
    : await git.run(['ls-tree', '-r', '-z', '--name-only', to], { allowFail: true });
  return res.stdout.split('\0').filter((p) => p !== '');
}
