import type { Git } from './git.js';

export interface TreeFileBytes {
  data: Uint8Array;
  mode: string;
}

/**
 * Every file of a commit's tree with its bytes and mode, read with one `ls-tree` and one
 * `cat-file --batch` (exact bytes: no filters). Submodules (gitlinks) are skipped.
 */
export async function readTreeFiles(git: Git, commit: string, opts: { under?: string } = {}): Promise<Map<string, TreeFileBytes>> {
  const ls = await git.run(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...(opts.under ? [opts.under] : [])]);
  const entries: { mode: string; sha: string; path: string }[] = [];
  for (const rec of ls.stdout.split('\0')) {
    const m = /^(\d{6}) (blob) ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (m) entries.push({ mode: m[1]!, sha: m[3]!, path: m[4]! });
  }
  const out = new Map<string, TreeFileBytes>();
  if (entries.length === 0) return out;
  const res = await git.runBuffer(['cat-file', '--batch'], { input: entries.map((e) => `${e.sha}\n`).join('') });
  let at = 0;
  for (const e of entries) {
    const nl = res.stdout.indexOf(10, at);
    const size = Number(res.stdout.subarray(at, nl).toString('latin1').split(' ')[2]);
    const start = nl + 1;
    out.set(e.path, { data: new Uint8Array(res.stdout.subarray(start, start + size)), mode: e.mode });
    at = start + size + 1;
  }
  return out;
}
