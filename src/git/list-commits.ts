import type { Git } from './git.js';
import { pathspecArgs, uniqueMarker } from './diff-args.js';

export interface CommitInfo {
  sha: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  /** Full raw message (%B). */
  message: string;
  /** Files changed against the first parent (all files for a root commit), excluded paths left out. */
  files: string[];
  /** True when the commit changes nothing outside the excluded paths (also for an empty commit). */
  onlyExcluded: boolean;
  /** Set on a commit made by linearising a merge (listLinearCommits): the source-git commit it stands for. */
  original?: string;
}

/**
 * Commits of `range` (e.g. `base..head`) along the first-parent line, oldest
 * first, in ONE `git log`. Commits that only touch excluded paths are listed
 * too (`--full-history --sparse` switches off history simplification).
 */
export async function listCommits(git: Git, range: string, opts: { excludePaths?: string[] } = {}): Promise<CommitInfo[]> {
  return logCommitInfos(git, ['--first-parent', '--reverse', '--end-of-options', range], opts);
}

/** The same facts for the given commits, in the given order, in ONE `git log --no-walk`. */
export async function describeCommits(git: Git, shas: string[], opts: { excludePaths?: string[] } = {}): Promise<CommitInfo[]> {
  if (shas.length === 0) return [];
  return logCommitInfos(git, ['--no-walk=unsorted', '--stdin'], opts, `${shas.join('\n')}\n`);
}

async function logCommitInfos(git: Git, revArgs: string[], opts: { excludePaths?: string[] }, input?: string): Promise<CommitInfo[]> {
  const m = uniqueMarker();
  const start = `\x1e${m}\x1f`;
  const end = `\x1f${m}END`;
  const format = `--format=%x1e${m}%x1f%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1f${m}END`;
  const res = await git.run(
    [
      'log', '--diff-merges=first-parent', '--no-renames', '--root',
      '--full-history', '--sparse', '--name-only', '-z', '--no-show-signature', '--encoding=UTF-8', format,
      ...revArgs, ...(opts.excludePaths?.length ? [] : ['--']), ...pathspecArgs(opts.excludePaths),
    ],
    input === undefined ? {} : { input },
  );
  const commits: CommitInfo[] = [];
  for (const rec of res.stdout.split(start)) {
    const stop = rec.indexOf(end);
    if (stop < 0) continue;
    commits.push(commitInfoOf(rec.slice(0, stop), parseFiles(rec.slice(stop + end.length))));
  }
  return commits;
}

/** A CommitInfo from the header `%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B` (without its markers) and the files. */
export function commitInfoOf(header: string, files: string[]): CommitInfo {
  const [sha = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...msg] = header.split('\x1f');
  return {
    sha,
    parents: parents === '' ? [] : parents.split(' '),
    author: { name: an, email: ae, date: ad },
    committer: { name: cn, email: ce, date: cd },
    message: msg.join('\x1f'),
    files,
    onlyExcluded: files.length === 0,
  };
}

/** After the format: "\0", then (when the commit has files) "\n" and NUL-terminated names. */
function parseFiles(tail: string): string[] {
  let rest = tail.startsWith('\0') ? tail.slice(1) : tail;
  if (rest.startsWith('\n')) rest = rest.slice(1);
  return rest.split('\0').filter((f) => f !== '');
}
