/**
 * `.distro/.gitignore` holds dist-git's own `.gitignore` behind a preamble that
 * un-ignores everything in `.distro/` (upstream's ignore rules must not hide
 * packaging files). The preamble is added on the way in and removed on the way
 * out, so dist-git's file round-trips byte for byte.
 */
export const DISTRO_GITIGNORE_PREAMBLE =
  '# distsync: files in .distro/ are tracked even where upstream ignores them.\n' +
  '# Lines below this block are dist-git\'s own .gitignore.\n' +
  '!*\n';

export function toDistroGitignore(distGitIgnore: string | null): string {
  return DISTRO_GITIGNORE_PREAMBLE + (distGitIgnore ?? '');
}

/** Returns dist-git's .gitignore content, or null when there was none (only the preamble). */
export function fromDistroGitignore(distroIgnore: string): string | null {
  if (!distroIgnore.startsWith(DISTRO_GITIGNORE_PREAMBLE)) return distroIgnore;
  const rest = distroIgnore.slice(DISTRO_GITIGNORE_PREAMBLE.length);
  return rest.length === 0 ? null : rest;
}
