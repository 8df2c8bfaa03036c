import type { Git } from '../../git/index.js';
import { ignorePaths } from '../plan-dist-git.js';
import type { SourceGitSnapshot } from '../read-source-git.js';

/** Trailers that can make a commit produce no patch file, or a file that is not named `*.patch`/`*.diff`. */
const MAY_MAKE_NO_PATCH_FILE = /^\s*(ignore-patch|distsync-source|patch-name|patch-present-in-specfile)\s*:/im;

/**
 * A cheap, conservative pre-check before a full plan (which formats every
 * downstream commit): true only when dist-git at `distGitSha` surely does not
 * hold what source-git makes, because dist-git has no patch file at all while
 * source-git has a commit that surely makes one (a non-merge commit changing
 * a path outside the ignored ones, with no trailer that could leave it without
 * a file). False means "do the full comparison".
 */
export async function surelyNotHeld(sg: SourceGitSnapshot, dgGit: Git, distGitSha: string): Promise<boolean> {
  if (sg.upstreamSha === sg.head) return false;
  const tree = await dgGit.run(['ls-tree', '-r', '-z', '--name-only', distGitSha], { maxBuffer: 1 << 28, allowFail: true });
  if (tree.code !== 0) return false;
  if (tree.stdout.split('\0').some((f) => /\.(patch|diff)$/i.test(f))) return false;
  const excluded = ignorePaths(sg).map((p) => `:(exclude)${p}`);
  const log = await sg.git.run(['log', '--no-merges', '--format=%x00%B', `${sg.upstreamSha}..${sg.head}`, '--', '.', ...excluded], {
    maxBuffer: 1 << 30,
    allowFail: true,
  });
  if (log.code !== 0) return false;
  return log.stdout.split('\0').slice(1).some((message) => !MAY_MAKE_NO_PATCH_FILE.test(message));
}
