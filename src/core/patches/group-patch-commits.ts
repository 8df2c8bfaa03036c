import { parseCommitMessage, type CommitMessage } from './index.js';
import { readPatchTrailers, type PatchTrailers } from './index.js';

/** The little a grouping needs to know of a commit. */
export interface PatchCommit {
  sha: string;
  message: string;
  /** true when the commit changes nothing outside the ignored paths (.distro). */
  onlyExcluded: boolean;
}

export interface PatchGroup<C extends PatchCommit = PatchCommit> {
  commits: C[];
  message: CommitMessage; // of the first commit
  trailers: PatchTrailers; // of the first commit
  /** Patch-name trailer, or the name `autoName` gave the first commit. */
  name?: string;
  /** The name came from `autoName`, not from a Patch-name trailer. */
  autoNamed?: boolean;
  /** All commits sit next to each other in the range (a plain squash). */
  contiguous: boolean;
  /**
   * 1-based position of the first commit among the commits that change
   * something outside the ignored paths: the number `git format-patch` (and
   * so Packit) gives its file, whatever was squashed or ignored before it.
   */
  position: number;
}

/**
 * Source-git commits → the patches they make, in order of first appearance.
 * Commits that only touch .distro, carry `Ignore-patch`, import a source
 * (`Distsync-source`) or are what a %prep shell line applies
 * (`Distsync-prep-patch`) make no patch. Commits with the same `Patch-name` form
 * one patch: adjacent ones are squashed; later ones (a patch changed or
 * dropped in dist-git and carried back) are combined as if squashed into the
 * first.
 *
 * `autoName` names a commit without Patch-name when it starts a patch
 * (`position` as in PatchGroup); a later commit whose Patch-name is that
 * name joins it (a dist-git edit of a patch distsync named, carried back).
 */
export function groupPatchCommits<C extends PatchCommit>(
  commits: C[],
  autoName?: (commit: C, message: CommitMessage, position: number) => string,
): PatchGroup<C>[] {
  const groups: PatchGroup<C>[] = [];
  const byName = new Map<string, PatchGroup<C>>();
  let previous: PatchGroup<C> | undefined;
  let position = 0;
  for (const c of commits) {
    if (c.onlyExcluded) continue;
    position++;
    const message = parseCommitMessage(c.message);
    const trailers = readPatchTrailers(message, c.sha);
    if (trailers.ignore || trailers.distsyncSource || trailers.prepPatch) {
      previous = undefined;
      continue;
    }
    const explicit = trailers.patchName;
    const existing = explicit ? byName.get(explicit) : undefined;
    if (existing) {
      if (existing !== previous) existing.contiguous = false;
      existing.commits.push(c);
      previous = existing;
      continue;
    }
    const auto = explicit ? undefined : autoName?.(c, message, position);
    const name = explicit ?? auto;
    const group: PatchGroup<C> = { commits: [c], message, trailers, contiguous: true, position, ...(name ? { name } : {}), ...(auto ? { autoNamed: true } : {}) };
    if (name) byName.set(name, group);
    groups.push(group);
    previous = group;
  }
  return groups;
}
