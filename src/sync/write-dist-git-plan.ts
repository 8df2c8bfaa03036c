import { mkdir, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertSafeRelativePath } from '../core/layout/safe-path.js';
import { commitAll, type Git } from '../git/index.js';
import type { DistGitPlan } from './plan-dist-git.js';

/**
 * Write a plan into the dist-git work tree (which the caller checked is clean),
 * and commit when a message is given. Each file is written to a temporary name
 * and renamed, so a crash leaves whole files only; on any failure the work
 * tree is put back to HEAD.
 */
export async function writeDistGitPlan(
  git: Git,
  plan: DistGitPlan,
  commit?: { message: string; author?: { name: string; email: string } },
): Promise<string | undefined> {
  const created: string[] = [];
  try {
    for (const [path, content] of plan.writes) {
      assertSafeRelativePath(path);
      const abs = join(git.cwd, path);
      await mkdir(dirname(abs), { recursive: true });
      const tmp = `${abs}.distsync-tmp`;
      await writeFile(tmp, content);
      await rename(tmp, abs);
      created.push(path);
    }
    for (const path of plan.deletes) {
      assertSafeRelativePath(path);
      await rm(join(git.cwd, path), { force: true });
    }
    if (!commit) return undefined;
    return await commitAll(git, { message: commit.message, ...(commit.author ? { author: commit.author } : {}) });
  } catch (e) {
    await restoreWorkTree(git, created);
    throw e;
  }
}

async function restoreWorkTree(git: Git, created: string[]): Promise<void> {
  await git.run(['reset', '-q', '--hard', 'HEAD'], { allowFail: true });
  for (const path of created) {
    const tracked = await git.run(['ls-files', '--error-unmatch', '--', path], { allowFail: true });
    if (tracked.code !== 0) await rm(join(git.cwd, path), { force: true });
  }
}
