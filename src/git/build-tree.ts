import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from './git.js';

export interface TreeChanges {
  /** path (from the top) → new bytes, stored exactly (no clean filter, no eol conversion). */
  writes: ReadonlyMap<string, Buffer>;
  deletes: readonly string[];
}

/**
 * The tree `base` (a commit, or null for none) becomes with `changes`, built
 * in a private index under `scratch` (an empty temp dir the caller owns): the
 * repository's index, work tree and refs are not touched, only new objects are
 * written. Existing files keep their mode; new ones are 100644.
 */
export async function buildTree(git: Git, base: string | null, changes: TreeChanges, scratch: string): Promise<string> {
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  if (base) await git.run(['read-tree', base], { env });
  else await git.run(['read-tree', '--empty'], { env });
  const paths = [...changes.writes.keys()];
  const modes = await currentModes(git, env, paths);
  const blobDir = join(scratch, 'blobs');
  await mkdir(blobDir, { recursive: true });
  const files = paths.map((_, i) => join(blobDir, String(i)));
  await Promise.all(paths.map((p, i) => writeFile(files[i]!, changes.writes.get(p)!)));
  const ids = paths.length
    ? (await git.run(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: `${files.join('\n')}\n` })).stdout.trim().split('\n')
    : [];
  const zero = '0'.repeat(ids[0]?.length ?? 40);
  const lines = [
    ...changes.deletes.map((p) => `0 ${zero}\t${p}`),
    ...paths.map((p, i) => `${modes.get(p) ?? '100644'} ${ids[i]}\t${p}`),
  ];
  if (lines.length) await git.run(['update-index', '-z', '--index-info'], { env, input: lines.map((l) => `${l}\0`).join('') });
  return (await git.run(['write-tree'], { env })).stdout.trim();
}

/** Mode of each path in the private index (symlinks and gitlinks are replaced by regular files). */
async function currentModes(git: Git, env: Record<string, string>, paths: string[]): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  if (paths.length === 0) return modes;
  const res = await git.run(['ls-files', '-s', '-z', '--', ...paths.map((p) => `:(literal)${p}`)], { env });
  for (const rec of res.stdout.split('\0')) {
    const m = /^(\d{6}) [0-9a-f]+ \d\t(.*)$/s.exec(rec);
    if (m && (m[1] === '100644' || m[1] === '100755')) modes.set(m[2]!, m[1]!);
  }
  return modes;
}
