import { realpath } from 'node:fs/promises';
import { createGit, type GitLogger } from './git.js';

/** True when `dir` is the top of a git work tree (not merely somewhere inside another repository). */
export async function isRepo(dir: string, opts: { log?: GitLogger } = {}): Promise<boolean> {
  return (await repoGitDir(dir, opts)) !== null;
}

/**
 * When `dir` is the top of a git work tree (as isRepo tells): its git dir (`rev-parse
 * --absolute-git-dir`, what the repository lock needs), asked in the same `git rev-parse`;
 * else null. Output that is not exactly two lines (a path with a newline, a git that prints
 * no toplevel) is asked again the careful way, one question per call.
 */
export async function repoGitDir(dir: string, opts: { log?: GitLogger } = {}): Promise<string | null> {
  const real = await realpath(dir).catch(() => null);
  if (real === null) return null;
  const git = createGit(real, opts);
  const res = await git.run(['rev-parse', '--show-toplevel', '--absolute-git-dir'], { allowFail: true });
  if (res.code !== 0) return null;
  const lines = res.stdout.split('\n');
  if (lines.length === 3 && lines[2] === '' && lines[0] !== '' && lines[1] !== '') {
    return (await isTop(lines[0]!.trim(), real)) ? lines[1]!.trim() : null;
  }
  const top = await git.run(['rev-parse', '--show-toplevel'], { allowFail: true });
  if (top.code !== 0 || !(await isTop(top.stdout.trim(), real))) return null;
  return (await git.run(['rev-parse', '--absolute-git-dir'])).stdout.trim();
}

async function isTop(top: string, real: string): Promise<boolean> {
  return (await realpath(top).catch(() => null)) === real;
}
