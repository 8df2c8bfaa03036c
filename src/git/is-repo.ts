import { realpath } from 'node:fs/promises';
import { createGit, type GitLogger } from './git.js';

/** True when `dir` is the top of a git work tree (not merely somewhere inside another repository). */
export async function isRepo(dir: string, opts: { log?: GitLogger } = {}): Promise<boolean> {
  const real = await realpath(dir).catch(() => null);
  if (real === null) return false;
  const res = await createGit(real, opts).run(['rev-parse', '--show-toplevel'], { allowFail: true });
  if (res.code !== 0) return false;
  const top = await realpath(res.stdout.trim()).catch(() => null);
  return top === real;
}
