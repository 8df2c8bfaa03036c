import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from './git.js';
import { safeRepoSubdir } from './safe-dir.js';

/**
 * The tree `patchText` gives when applied to `base` (a commit or tree), in a
 * private index: the work tree and the real index are not touched. null when
 * `git apply` refuses the patch. Lets a caller ask "does this old patch file
 * do exactly what this commit does?" by effect, not by hunk text (GNU diff and
 * git split hunks differently, e.g. jq's jv.c).
 */
export async function applyToTree(git: Git, base: string, patchText: Buffer | string, opts: { strip: number; directory?: string }): Promise<string | null> {
  const dir = safeRepoSubdir(opts.directory);
  const tmp = await mkdtemp(join(tmpdir(), 'distsync-index-'));
  const env = { GIT_INDEX_FILE: join(tmp, 'index') };
  try {
    await git.run(['read-tree', base], { env });
    const res = await git.run(['apply', '--cached', `-p${opts.strip}`, ...(dir ? [`--directory=${dir}`] : []), '--whitespace=nowarn', '-'], {
      env,
      input: patchText,
      allowFail: true,
    });
    if (res.code !== 0) return null;
    return (await git.run(['write-tree'], { env })).stdout.trim();
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
