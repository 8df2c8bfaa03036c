import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { PatchGroup } from '../core/patches/group-patch-commits.js';
import type { CommitInfo, Git } from '../git/index.js';

/**
 * The tree a patch group would give if its commits were squashed at the
 * position of the first one: base + each commit's own diff, applied in a
 * private index (the work tree and the real index are not touched).
 */
export async function combinedTree(
  git: Git,
  base: string,
  group: PatchGroup<CommitInfo>,
  diffs: Map<string, string>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'distsync-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await git.run(['read-tree', base], { env });
    for (const c of group.commits) {
      const diff = diffs.get(c.sha) ?? '';
      if (diff.trim() === '') continue;
      const res = await git.run(['apply', '--cached', '--binary', '--whitespace=nowarn', '-'], { env, input: diff, allowFail: true });
      if (res.code !== 0) {
        throw new DistsyncError('conflict', `commit ${c.sha.slice(0, 12)} carries 'Patch-name: ${group.name}', but its change does not apply on top of the first commit of that patch: ${res.stderr.split('\n')[0] ?? ''}`, {
          next: `squash the commits of ${group.name} into one (git rebase -i ${base.slice(0, 12)}), then re-run`,
        });
      }
    }
    const tree = await git.run(['write-tree'], { env });
    return tree.stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
