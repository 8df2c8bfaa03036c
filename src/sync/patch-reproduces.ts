import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gnuPatchReproduces, type Git } from '../git/index.js';

/**
 * Does the old patch file, applied to `base`, give exactly the tree `to`
 * (outside the ignored paths)? The authoritative "same patch?" when the
 * content ids differ only because another diff program placed the hunks
 * differently. Works in a private index: the work tree is never touched.
 * A patch `git apply` refuses is tried with GNU patch, as rpm applies it: a
 * patch that still reproduces the same tree keeps its bytes.
 */
export async function patchReproduces(
  git: Git,
  p: { base: string; to: string; patch: Buffer; strip: number; directory: string; ignorePaths: string[] },
): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'distsync-same-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await git.run(['read-tree', p.base], { env });
    const args = ['apply', '--cached', `-p${p.strip}`, '--whitespace=nowarn', ...(p.directory ? [`--directory=${p.directory}`] : []), '-'];
    const applied = await git.run(args, { env, input: p.patch, allowFail: true });
    // git refuses some patches rpm's GNU patch applies (context lines without their blank): ask patch itself
    if (applied.code !== 0) return gnuPatchReproduces(git, p);
    const tree = (await git.run(['write-tree'], { env })).stdout.trim();
    const diff = await git.run(['diff', '--quiet', tree, p.to, '--', '.', ...p.ignorePaths.map((x) => `:(exclude)${x}`)], { allowFail: true });
    return diff.code === 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
