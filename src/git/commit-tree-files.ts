import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALLBACK_COMMITTER, type Ident } from './commit-all.js';
import type { Git } from './git.js';
import { gitError } from './git-error.js';
import type { TreeFileBytes } from './read-tree-files.js';

/**
 * A commit object whose tree is exactly `files`, built in a private index: the repository's index,
 * work tree and refs are not touched (only new objects are written). Returns the commit's sha.
 */
export async function commitTreeFiles(
  git: Git,
  files: ReadonlyMap<string, TreeFileBytes>,
  opts: { parents: string[]; message: string; author?: Ident; committer?: Ident },
): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'distsync-tree-'));
  try {
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    const paths = [...files.keys()];
    const blobFiles = paths.map((_, i) => join(scratch, `blob-${i}`));
    await Promise.all(paths.map((p, i) => writeFile(blobFiles[i]!, files.get(p)!.data)));
    const ids = paths.length ? (await git.run(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: `${blobFiles.join('\n')}\n` })).stdout.trim().split('\n') : [];
    await git.run(['read-tree', '--empty'], { env });
    const info = paths.map((p, i) => `${files.get(p)!.mode} ${ids[i]}\t${p}\0`).join('');
    if (info) await git.run(['update-index', '-z', '--add', '--index-info'], { env, input: info });
    const tree = (await git.run(['write-tree'], { env })).stdout.trim();
    const who: Record<string, string> = {};
    const put = (role: 'AUTHOR' | 'COMMITTER', id: Ident | undefined) => {
      if (!id) return;
      who[`GIT_${role}_NAME`] = id.name;
      who[`GIT_${role}_EMAIL`] = id.email;
      if (id.date) who[`GIT_${role}_DATE`] = id.date;
    };
    put('AUTHOR', opts.author);
    put('COMMITTER', opts.committer);
    const args = ['commit-tree', tree, ...opts.parents.flatMap((p) => ['-p', p]), '-F', '-'];
    const res = await git.run(args, { input: opts.message, env: who, allowFail: true });
    if (res.code === 0) return res.stdout.trim();
    if (!/identity unknown|tell me who you are|unable to auto-detect email|empty ident name/i.test(res.stderr)) throw gitError(args, git.cwd, res.code, res.stderr);
    // no user.name / user.email configured: commit as distsync
    const fallback = { ...who, GIT_COMMITTER_NAME: FALLBACK_COMMITTER.name, GIT_COMMITTER_EMAIL: FALLBACK_COMMITTER.email };
    if (!opts.author) Object.assign(fallback, { GIT_AUTHOR_NAME: FALLBACK_COMMITTER.name, GIT_AUTHOR_EMAIL: FALLBACK_COMMITTER.email });
    return (await git.run(args, { input: opts.message, env: fallback })).stdout.trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
