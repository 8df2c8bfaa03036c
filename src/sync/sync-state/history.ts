import { uniqueMarker, type Git } from '../../git/index.js';

/** A commit as the sync state sees it: where it sits, and which sync trailers it carries anywhere in its message. */
export interface HistoryCommit {
  sha: string;
  tree: string;
  parents: string[];
  subject: string;
  message: string;
  /** `From-source-git-commit:` values (dist-git commits made from source-git, by distsync or Packit). */
  fromSourceGit: string[];
  /** `From-dist-git-commit:` values (source-git commits that carry dist-git commits). */
  fromDistGit: string[];
}

/**
 * `git log` with trailers read from the whole message, not only its last
 * paragraph: a forge's squash merge lists each squashed commit's message,
 * trailers included, one after the other.
 */
export async function readHistory(git: Git, args: string[]): Promise<HistoryCommit[]> {
  const m = uniqueMarker();
  const res = await git.run(['log', `--format=%x1e${m}%x1f%H%x1f%T%x1f%P%x1f%B`, '--no-show-signature', '--encoding=UTF-8', ...args, '--']);
  const out: HistoryCommit[] = [];
  for (const rec of res.stdout.split(`\x1e${m}\x1f`)) {
    const [sha = '', tree = '', parents = '', ...msg] = rec.split('\x1f');
    if (!/^[0-9a-f]{40,64}$/.test(sha)) continue;
    const message = msg.join('\x1f').replace(/\n+$/, '\n');
    out.push({
      sha,
      tree,
      parents: parents.trim() === '' ? [] : parents.trim().split(' '),
      subject: message.split('\n')[0] ?? '',
      message,
      fromSourceGit: trailerShas(message, 'From-source-git-commit'),
      fromDistGit: trailerShas(message, 'From-dist-git-commit'),
    });
  }
  return out;
}

function trailerShas(message: string, key: string): string[] {
  const re = new RegExp(`^\\s*(?:\\*\\s+)?${key}:\\s*([0-9a-f]{40,64})\\s*$`, 'gim');
  return [...message.matchAll(re)].map((x) => x[1]!.toLowerCase());
}

/** The first-parent line from `head` through `commits`, newest first. */
export function firstParentLine(commits: HistoryCommit[], head: string): HistoryCommit[] {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const line: HistoryCommit[] = [];
  for (let c = bySha.get(head); c; c = bySha.get(c.parents[0] ?? '')) line.push(c);
  return line;
}

/** A first-parent line read as far as a walk asks, not further. */
export interface LazyLine {
  /** The i-th commit from the head (0 = head); undefined past the root. */
  at(i: number): Promise<HistoryCommit | undefined>;
  /** The whole line, newest first (read to the root). */
  all(): Promise<HistoryCommit[]>;
}

/**
 * The first-parent line from `head`, newest first, read in pages (32 commits, then twice as many
 * each time) only as `at` reaches them: a sync point near the head costs one short `git log`
 * however long the history behind it (a dist-git may hold decades of commits).
 */
export function lazyFirstParentLine(git: Git, head: string, firstPage = 32): LazyLine {
  const read: HistoryCommit[] = [];
  let next: string | null = head;
  let page = firstPage;
  let pending: Promise<void> = Promise.resolve();
  const readMore = () =>
    (pending = pending.then(async () => {
      if (next === null) return;
      const got = await readHistory(git, ['--first-parent', `--max-count=${page}`, next]);
      read.push(...got);
      const last = got[got.length - 1];
      next = got.length < page || !last ? null : (last.parents[0] ?? null);
      page *= 2;
    }));
  const at = async (i: number): Promise<HistoryCommit | undefined> => {
    while (i >= read.length && next !== null) await readMore();
    return read[i];
  };
  return {
    at,
    async all() {
      while (next !== null) await readMore();
      return read;
    },
  };
}
