import { mkdir, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertSafeRelativePath } from '../core/layout/safe-path.js';
import { commitAll, type Git } from '../git/index.js';
import type { DistGitPlan } from './plan-dist-git.js';

/**
 * Write a plan into the dist-git work tree (which the caller checked is clean),
 * and commit when a message is given. Existing files are replaced whole (temp
 * file + rename); new files are created exclusively. On any failure the work
 * tree is put back to HEAD and the files this run created are removed.
 */
export async function writeDistGitPlan(
  git: Git,
  plan: DistGitPlan,
  commit?: { message: string; author?: { name: string; email: string } },
  opts: { existing?: string[] } = {},
): Promise<string | undefined> {
  const created: string[] = [];
  try {
    for (const path of plan.writes.keys()) assertSafeRelativePath(path);
    const dirs = new Set([...plan.writes.keys()].map((p) => dirname(join(git.cwd, p))));
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    const existing = new Set(opts.existing ?? []);
    await inParallel([...plan.writes], WRITE_CONCURRENCY, async ([path, content]) => {
      const abs = join(git.cwd, path);
      if (!existing.has(path)) {
        // a new file: a crash leaves at worst an untracked file (an ignored file in the way is replaced whole below)
        const fresh = await writeFile(abs, content, { flag: 'wx' }).then(() => true, (e: NodeJS.ErrnoException) => {
          if (e.code === 'EEXIST') return false;
          throw e;
        });
        if (fresh) {
          created.push(path);
          return;
        }
      }
      const tmp = `${abs}.distsync-tmp`; // an existing file is replaced whole or not at all
      await writeFile(tmp, content);
      await rename(tmp, abs);
    });
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

const WRITE_CONCURRENCY = 16;

/** Run fn over items, at most `limit` at a time; the first failure is thrown after the running ones settle. */
async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  const results = await Promise.allSettled(lanes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function restoreWorkTree(git: Git, created: string[]): Promise<void> {
  await git.run(['reset', '-q', '--hard', 'HEAD'], { allowFail: true });
  for (const path of created) {
    const tracked = await git.run(['ls-files', '--error-unmatch', '--', path], { allowFail: true });
    if (tracked.code !== 0) await rm(join(git.cwd, path), { force: true });
    await rm(join(git.cwd, `${path}.distsync-tmp`), { force: true });
  }
}
