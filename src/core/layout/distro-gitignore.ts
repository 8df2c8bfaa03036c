/**
 * `.distro/.gitignore` holds dist-git's own `.gitignore` behind a preamble that
 * un-ignores everything in `.distro/` (upstream's ignore rules must not hide
 * packaging files). The preamble is added on the way in and removed on the way
 * out, so dist-git's file round-trips byte for byte.
 *
 * Packit's init writes only its own preamble (`# Reset gitignore rules` /
 * `!*`) and never syncs `.distro/.gitignore` (its files_to_sync filter
 * `exclude .gitignore`). Either preamble is removed on the way out, and a
 * `!*` line never reaches dist-git: it would un-ignore the tarballs there.
 */
export const DISTRO_GITIGNORE_PREAMBLE =
  '# distsync: files in .distro/ are tracked even where upstream ignores them.\n' +
  '# Lines below this block are dist-git\'s own .gitignore.\n' +
  '!*\n';

/** What Packit 1.16's `source-git init` writes as `.distro/.gitignore`. */
export const PACKIT_GITIGNORE_PREAMBLE = '# Reset gitignore rules\n!*\n';

export function toDistroGitignore(distGitIgnore: string | null): string {
  return DISTRO_GITIGNORE_PREAMBLE + (distGitIgnore ?? '');
}

/**
 * dist-git's .gitignore content, or null when `.distro/.gitignore` carries
 * none (only a preamble): then dist-git's file is left as it is.
 */
export function fromDistroGitignore(distroIgnore: string): string | null {
  let rest = distroIgnore;
  for (const preamble of [DISTRO_GITIGNORE_PREAMBLE, PACKIT_GITIGNORE_PREAMBLE]) {
    if (rest.startsWith(preamble)) rest = rest.slice(preamble.length);
  }
  const lines = rest.split(/(?<=\n)/);
  const kept = lines.filter((l) => !/^[ \t]*!\*[ \t]*\r?\n?$/.test(l) && l.replace(/\r?\n$/, '') !== '# Reset gitignore rules');
  const out = kept.join('');
  return out.length === 0 ? null : out;
}
