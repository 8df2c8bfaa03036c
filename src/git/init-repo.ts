import { mkdir } from 'node:fs/promises';
import { createGit, type GitLogger } from './git.js';

/** `git init` (branch main) in `dir`, creating the directory when needed. */
export async function initRepo(dir: string, opts: { log?: GitLogger } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await createGit(dir, opts).run(['init', '-q']); // cwd is dir: a relative dir must not be resolved twice
}
