import { randomBytes } from 'node:crypto';

/**
 * Diff options pinned so patch text does not depend on the user's config
 * (diff.noprefix, diff.algorithm, diff.context, diff.external, textconv…).
 * They match `git format-patch` defaults: myers, 3 lines of context, a/ b/
 * prefixes, abbreviated index lines (full ones only for binary files).
 */
export const DIFF_ARGS: readonly string[] = [
  '--binary',
  '--no-renames',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--diff-algorithm=myers',
  '--unified=3',
  '--inter-hunk-context=0',
];

/** `-- :(top) :(exclude)…` for the given paths (relative to the top of the repo), or nothing. */
export function pathspecArgs(excludePaths: readonly string[] = []): string[] {
  if (excludePaths.length === 0) return [];
  return ['--', ':(top)', ...excludePaths.map((p) => `:(exclude,top,literal)${p.replace(/\/+$/, '')}`)];
}

/** A marker that cannot occur in commit messages or diffs by accident. */
export function uniqueMarker(): string {
  return `distsync-${randomBytes(12).toString('hex')}`;
}
