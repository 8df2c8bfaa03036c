import type { Git } from './git.js';
import { DIFF_ARGS, pathspecArgs } from './diff-args.js';

export interface DiffBetweenOptions {
  excludePaths?: string[];
  /** Only changes under this directory, with paths relative to it (`git diff --relative=<dir>`). */
  relative?: string;
  /** No a/ b/ prefixes (for `patch -p0`). */
  noPrefix?: boolean;
  srcPrefix?: string;
  dstPrefix?: string;
}

function prefixArgs(opts: DiffBetweenOptions): string[] {
  if (opts.noPrefix) return ['--no-prefix'];
  return [`--src-prefix=${opts.srcPrefix ?? 'a/'}`, `--dst-prefix=${opts.dstPrefix ?? 'b/'}`];
}

/** `git diff from to` (commits or trees) with the pinned diff options, as raw bytes. */
export async function diffBetweenRaw(git: Git, from: string, to: string, opts: DiffBetweenOptions = {}): Promise<Buffer> {
  const args = ['diff', ...DIFF_ARGS.filter((a) => a !== '--no-relative'), ...prefixArgs(opts)];
  args.push(opts.relative ? `--relative=${opts.relative.replace(/\/+$/, '')}` : '--no-relative');
  args.push('--end-of-options', from, to, ...(opts.excludePaths?.length ? [] : ['--']), ...pathspecArgs(opts.excludePaths));
  return (await git.runBuffer(args)).stdout;
}

/** diffBetweenRaw decoded as UTF-8. */
export async function diffBetween(git: Git, from: string, to: string, opts: DiffBetweenOptions = {}): Promise<string> {
  return (await diffBetweenRaw(git, from, to, opts)).toString('utf8');
}
