import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { findDirectiveFiles, parseCfg, type ParsedCfg, type TreeFile } from '../core/openpatch/index.js';
import { createGit, headSha, isRepo, readTreeFiles } from '../git/index.js';

/** Directive files and the patch repository they come from. */
export interface DirectiveSource {
  cfgs: ParsedCfg[];
  patchTree: Map<string, TreeFile>;
  /** The patch repository's commit (when it is a git repository): the provenance of the directives. */
  commit?: string;
  /** What to show in messages: the path given. */
  where: string;
}

/**
 * Read directives from a patch repository (its HEAD commit), a plain directory holding PATCHES/ or
 * ROCKY/CFG/, or a PATCHES directory itself. No directive file found is an error.
 */
export async function readDirectiveSource(path: string, log: Logger): Promise<DirectiveSource> {
  const st = await stat(path).catch(() => null);
  if (!st?.isDirectory()) {
    throw new DistsyncError('usage', `${path} is not a directory`, { next: 'pass the patch repository (or the dist-git branch carrying PATCHES/), or its PATCHES directory' });
  }
  let patchTree: Map<string, TreeFile>;
  let commit: string | undefined;
  if (basename(path) !== 'PATCHES' && (await isRepo(path))) {
    const git = createGit(path, { log });
    commit = (await headSha(git).catch(() => null)) ?? undefined;
    if (!commit) throw new DistsyncError('bad-directive', `${path} has no commits`, { next: 'commit the directive files, then run again' });
    patchTree = await readTreeFiles(git, commit);
  } else {
    const isPatchesDir = basename(path) === 'PATCHES' || (await readdir(path)).some((n) => n.endsWith('.cfg'));
    patchTree = await readDirFiles(path, isPatchesDir ? 'PATCHES' : '');
  }
  const { files } = findDirectiveFiles(patchTree.keys());
  if (files.length === 0) {
    throw new DistsyncError('bad-directive', `no directive files in ${path}${commit ? ` (commit ${commit.slice(0, 12)})` : ''}: looked for PATCHES/*.cfg and ROCKY/CFG/*.cfg`, {
      next: 'pass the repository or directory that holds the .cfg files',
    });
  }
  const cfgs = parseDirectiveFiles(patchTree, files);
  return { cfgs, patchTree, ...(commit ? { commit } : {}), where: path };
}

/** Parse the named .cfg files of a tree (UTF-8 text, else a bad-directive error). */
export function parseDirectiveFiles(tree: ReadonlyMap<string, TreeFile>, files: readonly string[]): ParsedCfg[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return files.map((f) => {
    let text: string;
    try {
      text = decoder.decode(tree.get(f)!.data);
    } catch {
      throw new DistsyncError('bad-directive', `${f} is not UTF-8 text`, { file: f, next: 'save the directive file as UTF-8' });
    }
    return parseCfg(text, f);
  });
}

/** Copy the directive directory (PATCHES/ or ROCKY/) of `from` into `into` where `into` lacks those files. */
export function carryDirectiveDir(from: ReadonlyMap<string, TreeFile>, into: Map<string, TreeFile>): void {
  const top = findDirectiveFiles(from.keys()).dir.split('/')[0]!;
  for (const [p, f] of from) if (p.startsWith(`${top}/`) && !into.has(p)) into.set(p, f);
}

async function readDirFiles(root: string, prefix: string): Promise<Map<string, TreeFile>> {
  const out = new Map<string, TreeFile>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), p);
      else if (e.isFile()) {
        const full = join(dir, e.name);
        const mode = (await stat(full)).mode & 0o111 ? '100755' : '100644';
        out.set(p, { data: new Uint8Array(await readFile(full)), mode });
      }
    }
  };
  await walk(root, prefix);
  return out;
}
