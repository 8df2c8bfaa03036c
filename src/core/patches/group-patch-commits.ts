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
  /** Patch-name trailer, when given. */
  name?: string;
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
 * Commits that only touch .distro, carry `Ignore-patch`, or import a source
 * (`Distsync-source`) make no patch. Commits with the same `Patch-name` form
 * one patch: adjacent ones are squashed; later ones (a patch changed or
 * dropped in dist-git and carried back) are combined as if squashed into the
 * first.
 */
export function groupPatchCommits<C extends PatchCommit>(commits: C[]): PatchGroup<C>[] {
  const groups: PatchGroup<C>[] = [];
  const byName = new Map<string, PatchGroup<C>>();
  let previous: PatchGroup<C> | undefined;
  let position = 0;
  for (const c of commits) {
    if (c.onlyExcluded) continue;
    position++;
    const message = parseCommitMessage(c.message);
    const trailers = readPatchTrailers(message, c.sha);
    if (trailers.ignore || trailers.distsyncSource) {
      previous = undefined;
      continue;
    }
    const name = trailers.patchName;
    const existing = name ? byName.get(name) : undefined;
    if (existing) {
      if (existing !== previous) existing.contiguous = false;
      existing.commits.push(c);
      previous = existing;
      continue;
    }
    const group: PatchGroup<C> = { commits: [c], message, trailers, contiguous: true, position, ...(name ? { name } : {}) };
    if (name) byName.set(name, group);
    groups.push(group);
    previous = group;
  }
  return groups;
}
