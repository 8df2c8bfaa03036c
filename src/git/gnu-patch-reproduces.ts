import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Git } from './git.js';
import { pathspecArgs } from './diff-args.js';
import { toolEnv } from './host-env.js';
import { readBlob } from './read-blob.js';
import { runProcess } from './run-process.js';
import { safeRepoSubdir } from './safe-dir.js';

/**
 * Does GNU patch, run as rpm's %patch runs it (-F 0), turn `base` into `to`?
 * For patch files `git apply` refuses but rpm applies (ksh's context lines
 * that lost their leading blank). Only the files that differ between base and
 * `to` are written to a private directory; a patch touching any other file,
 * or leaving any of them different from `to`, does not reproduce it.
 */
export async function gnuPatchReproduces(
  git: Git,
  p: { base: string; to: string; patch: Buffer; strip: number; directory: string; ignorePaths: string[] },
): Promise<boolean> {
  const dir = safeRepoSubdir(p.directory);
  const names = await git.run(['diff', '--name-only', '--no-renames', '-z', p.base, p.to, ...(p.ignorePaths.length ? [] : ['--']), ...pathspecArgs(p.ignorePaths)]);
  const changed = names.stdout.split('\0').filter((f) => f !== '');
  if (changed.length === 0) return false;
  const tmp = await mkdtemp(join(tmpdir(), 'distsync-gnu-same-'));
  try {
    const tree = join(tmp, 'tree');
    await mkdir(join(tree, dir), { recursive: true });
    const inBase = await existing(git, p.base, changed);
    for (const f of inBase) {
      await mkdir(dirname(join(tree, f)), { recursive: true });
      await writeFile(join(tree, f), await readBlob(git, p.base, f));
    }
    const file = join(tmp, 'input.patch');
    await writeFile(file, p.patch);
    const res = await runProcess('patch', [`-p${p.strip}`, '-d', join(tree, dir), '--no-backup-if-mismatch', '-F', '0', '-f', '-s', '--reject-file=-', '-i', file], {
      cwd: tmp,
      env: toolEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    if (res.code !== 0 || res.spawnError) return false;
    const after = (await walk(tree)).sort();
    const want = (await existing(git, p.to, changed)).sort();
    if (after.join('\0') !== want.join('\0')) return false;
    if (after.length === 0) return true;
    const got = (await git.run(['hash-object', '--no-filters', '--stdin-paths'], { input: after.map((f) => join(tree, f)).join('\n') + '\n' })).stdout.trim().split('\n');
    const ls = await git.run(['ls-tree', '-z', p.to, '--', ...after]);
    // '<mode> <type> <blob>\t<path>'
    const blobs = new Map(ls.stdout.split('\0').filter(Boolean).map((l) => [l.slice(l.indexOf('\t') + 1), l.slice(0, l.indexOf('\t')).split(' ')[2]!]));
    return after.every((f, i) => blobs.get(f) === got[i]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Those of `paths` that are files in `ref`. */
async function existing(git: Git, ref: string, paths: string[]): Promise<string[]> {
  const ls = await git.run(['ls-tree', '-z', '--name-only', ref, '--', ...paths]);
  return ls.stdout.split('\0').filter((f) => f !== '');
}

async function walk(root: string, at = root): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(at, { withFileTypes: true })) {
    const abs = join(at, e.name);
    if (e.isDirectory()) out.push(...(await walk(root, abs)));
    else out.push(relative(root, abs));
  }
  return out;
}
