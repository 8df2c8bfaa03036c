import { hasTrackerRef, trackerRefsOf } from '../../core/patches/tracker-refs.js';
import { parseCommitMessage } from '../../core/patches/index.js';
import { createGit, listCommits } from '../../git/index.js';

/** A PR commit without a tracker reference, for the check run's summary. */
export interface UntrackedCommit {
  sha: string;
  subject: string;
  /** Resolves/Related values that are not references we know (a typo like `RHEL1234`). */
  unrecognised: string[];
}

/** The commits of a source-git PR (base..head, merges left out) that carry no Resolves:/Related: reference. */
export async function commitsWithoutTracker(sourceGitDir: string, baseRef: string, head: string): Promise<UntrackedCommit[]> {
  const commits = await listCommits(createGit(sourceGitDir), `refs/heads/${baseRef}..${head}`);
  return commits
    .filter((c) => c.parents.length < 2)
    .map((c) => ({ c, refs: trackerRefsOf(c.message) }))
    .filter(({ refs }) => !hasTrackerRef(refs))
    .map(({ c, refs }) => ({ sha: c.sha, subject: parseCommitMessage(c.message).subject, unrecognised: refs.unrecognised }));
}

/** The failed check run's text: every commit named, with what to add. */
export function describeUntracked(commits: UntrackedCommit[]): { title: string; summary: string } {
  const list = commits.map((c) => `- ${c.sha.slice(0, 12)} "${c.subject}"${c.unrecognised.length ? ` (not a tracker reference: ${c.unrecognised.join(', ')})` : ''}`);
  return {
    title: `${commits.length} commit(s) without a tracker reference`,
    summary: [
      '`require_tracker: true` in .distro/source-git.yaml: every commit needs a `Resolves:` or `Related:` trailer naming `rhbz#N`, `RHEL-N` or `JIRA:KEY-N`.',
      list.join('\n'),
      'Add one to each commit message (`git rebase -i`, then `reword`), for example `Resolves: RHEL-1234`, and push again. Nothing was synced.',
    ].join('\n\n'),
  };
}
