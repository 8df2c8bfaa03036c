import type { Git } from '../../git/index.js';
import { ignorePaths } from '../plan-dist-git.js';
import type { PlanMemo } from '../plan-memo.js';
import type { SourceGitSnapshot } from '../read-source-git.js';

/** Trailers that can make a commit produce no patch file, or a file that is not named `*.patch`/`*.diff`. */
const MAY_MAKE_NO_PATCH_FILE = /^\s*(ignore-patch|distsync-source|distsync-prep-patch|patch-name|patch-present-in-specfile)\s*:/im;

/**
 * A cheap, conservative pre-check before a full plan (which formats every
 * downstream commit): true only when dist-git at `distGitSha` surely does not
 * hold what source-git makes, because dist-git has no patch file at all while
 * source-git has a commit that surely makes one. False means "do the full
 * comparison". The two halves are separate so a caller comparing many pairs
 * can ask each side once.
 */
export async function surelyNotHeld(sg: SourceGitSnapshot, dgGit: Git, distGitSha: string): Promise<boolean> {
  return (await hasNoPatchFile(dgGit, distGitSha)) && (await surelyMakesAPatch(sg));
}

/** dist-git at `sha` holds no `*.patch`/`*.diff` file anywhere (false when it cannot be read). */
export async function hasNoPatchFile(dgGit: Git, sha: string): Promise<boolean> {
  const tree = await dgGit.run(['ls-tree', '-r', '-z', '--name-only', sha], { maxBuffer: 1 << 28, allowFail: true });
  if (tree.code !== 0) return false;
  return noPatchFileIn(tree.stdout.split('\0'));
}

/** None of `files` (paths of a tree, as listed) is a `*.patch`/`*.diff` file. */
export function noPatchFileIn(files: readonly string[]): boolean {
  return !files.some((f) => /\.(patch|diff)$/i.test(f));
}

/**
 * source-git has a non-merge downstream commit that changes a path outside
 * the ignored ones and carries no trailer that could leave it without a patch
 * file (messages only: no diffs are read).
 */
export async function surelyMakesAPatch(sg: Pick<SourceGitSnapshot, 'git' | 'upstreamSha' | 'head' | 'config'>, memo?: Pick<PlanMemo, 'knownLinear'>): Promise<boolean> {
  if (sg.upstreamSha === sg.head) return false;
  // the run listed a merge-free range this one is a prefix of: the same question asked of that list, no git call
  const known = memo?.knownLinear(sg.git, sg.upstreamSha, sg.head, ignorePaths(sg));
  if (known) return known.some((c) => c.parents.length < 2 && c.files.length > 0 && !MAY_MAKE_NO_PATCH_FILE.test(c.message));
  const excluded = ignorePaths(sg).map((p) => `:(exclude)${p}`);
  const log = await sg.git.run(['log', '--no-merges', '--format=%x00%B', `${sg.upstreamSha}..${sg.head}`, '--', '.', ...excluded], {
    maxBuffer: 1 << 30,
    allowFail: true,
  });
  if (log.code !== 0) return false;
  return log.stdout.split('\0').slice(1).some((message) => !MAY_MAKE_NO_PATCH_FILE.test(message));
}
