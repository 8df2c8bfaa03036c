import { DistsyncError } from '../core/errors.js';
import { findDirectiveFiles } from '../core/openpatch/index.js';
import { readTreeFiles, type Git } from '../git/index.js';
import { parseDirectiveFiles, type DirectiveSource } from './openpatch-directives.js';

/**
 * The directives a rebuild branch carries itself (OpenELA: PATCHES/ next to SPECS/ and SOURCES/).
 * Their provenance is the last commit that changed that directory, so rebuild commits (which do not
 * touch it) keep the same value.
 */
export async function ownDirectives(git: Git, head: string | null, branch: string): Promise<DirectiveSource> {
  if (!head) throw new DistsyncError('ref-not-found', `rebuild branch ${branch} does not exist in ${git.cwd}, so it carries no directives`, { next: 'pass --patches <patch repository>, or create the branch with its PATCHES/ directory first' });
  const all = await readTreeFiles(git, head);
  const { dir, files } = findDirectiveFiles(all.keys());
  if (files.length === 0) throw new DistsyncError('bad-directive', `${branch} (${head.slice(0, 12)}) has no PATCHES/*.cfg or ROCKY/CFG/*.cfg`, { next: 'pass --patches <patch repository>, or commit the directive files on the branch' });
  const cfgs = parseDirectiveFiles(all, files);
  const top = dir.split('/')[0]!;
  const commit = (await git.run(['log', '-1', '--format=%H', head, '--', top])).stdout.trim();
  return { cfgs, patchTree: all, commit, where: `${branch}:${top}/` };
}
