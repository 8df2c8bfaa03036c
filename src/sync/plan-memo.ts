import { commitsWithDiffs, diffsForCommits, listCommits, listLinearCommits, readBlobs, type CommitInfo, type Git } from '../git/index.js';
import { readHistory, type HistoryCommit } from './sync-state/history.js';

/**
 * What one run reads from git to plan patches, read once however many plans
 * the run makes (the plan of HEAD, and the sync-state search planning older
 * source-git commits against older dist-git commits): the commit list of a
 * range, its commit graph with messages (ONE `git log`, for the plan and the sync state), each commit's diff (ONE `git log -p` for the commits not diffed yet),
 * and dist-git files (ONE `cat-file --batch` per batch). Made per run, passed
 * in; never shared between runs (refs move).
 */
export interface PlanMemo {
  /** listLinearCommits(from..to), excluded paths left out of `files`. */
  commits(git: Git, from: string, to: string, excludePaths: string[], o?: { fromIsBase?: boolean }): Promise<CommitInfo[]>;
  /** The commit list of from..to when the memo can tell it without git: a part of a merge-free range it listed with the same excluded paths. */
  knownLinear(git: Git, from: string, to: string, excludePaths: string[]): CommitInfo[] | null;
  /**
   * The first-parent commits from..to (listCommits), when a merge-free range the run listed holds both:
   * null when it does not (ask git). Their `files` leave out that range's excluded paths.
   */
  chainBetween(git: Git, from: string, to: string): CommitInfo[] | null;
  /** Each commit's diff against its first parent (diffsForCommits); only the ones not asked before go to git. */
  diffs(git: Git, shas: string[], excludePaths: string[]): Promise<Map<string, string>>;
  /** Files of `ref` (a commit id), read in one batch; a path that is not a file there is left out. */
  blobs(git: Git, ref: string, paths: readonly string[]): Promise<Map<string, Buffer>>;
  /**
   * Every commit of from..to (all parents), newest first in topological order, with its message:
   * readHistory(['--topo-order', from..to]), ONE `git log` per range however often asked (the
   * plan's commit graph is this list reversed; the sync state reads its facts from it).
   */
  history(git: Git, from: string, to: string): Promise<HistoryCommit[]>;
}

export function createPlanMemo(): PlanMemo {
  const ranges = new Map<string, Promise<CommitInfo[]>>();
  const settled: { key: string; from: string; commits: CommitInfo[] }[] = [];
  const diffs = new Map<string, Promise<string>>();
  const blobs = new Map<string, Promise<Buffer | null>>();
  const histories = new Map<string, Promise<HistoryCommit[]>>();
  const keyOf = (...parts: string[]) => parts.join('\0');

  /**
   * from..to cut out of a merge-free chain the run listed (each commit's only parent the one before it), when
   * `from` is that range's start or a commit on it before `to`; `sameExcludes` asks for the same excluded paths.
   */
  function cut(git: Git, from: string, to: string, excludes: string | null): CommitInfo[] | null {
    for (const r of settled) {
      if ((excludes === null ? !r.key.startsWith(`${git.cwd}\0`) : r.key !== keyOf(git.cwd, excludes)) || !isChain(r.commits)) continue;
      const end = r.commits.findIndex((c) => c.sha === to);
      if (end < 0) continue;
      const at = from === r.from ? -1 : r.commits.findIndex((c) => c.sha === from);
      if (from === r.from || (at >= 0 && at <= end)) return r.commits.slice(at + 1, end + 1);
    }
    return null;
  }
  const knownLinear = (git: Git, from: string, to: string, excludePaths: string[]) => cut(git, from, to, excludePaths.join('\0'));
  const chainBetween = (git: Git, from: string, to: string) => cut(git, from, to, null);

  function history(git: Git, from: string, to: string): Promise<HistoryCommit[]> {
    const key = keyOf(git.cwd, from, to);
    let p = histories.get(key);
    if (!p) {
      p = quiet(from === to ? Promise.resolve([]) : readHistory(git, ['--topo-order', '--end-of-options', `${from}..${to}`]));
      histories.set(key, p);
    }
    return p;
  }

  /**
   * listLinearCommits; for a merge-free range the commits and their diffs come from ONE `git log -p --raw`
   * (commitsWithDiffs: the same bytes diffsForCommits gives), instead of a diff call after the list.
   */
  async function listAndDiff(git: Git, from: string, to: string, excludePaths: string[], fromIsBase: boolean): Promise<CommitInfo[]> {
    // commitGraph(from..to): the same commits, oldest first (`--topo-order --reverse` is `--topo-order` reversed)
    const graph = [...(await history(git, from, to))].reverse();
    if (graph.some((c) => c.parents.length > 1)) return listLinearCommits(git, from, to, { excludePaths, fromIsBase, graph });
    const key = (sha: string) => keyOf(git.cwd, excludePaths.join('\0'), sha);
    if (graph.every((c) => diffs.has(key(c.sha)))) return listCommits(git, `${from}..${to}`, { excludePaths });
    // the commit list and every diff from ONE `git log -p --raw` (what listCommits and diffsForRange give, byte for byte)
    const both = commitsWithDiffs(git, `${from}..${to}`, { excludePaths });
    for (const c of graph) if (!diffs.has(key(c.sha))) diffs.set(key(c.sha), quiet(both.then((r) => r.diffs.get(c.sha) ?? '')));
    return (await both).commits;
  }

  return {
    knownLinear,
    chainBetween,
    history,
    commits(git, from, to, excludePaths, o = {}) {
      const key = keyOf(git.cwd, from, to, excludePaths.join('\0'), o.fromIsBase ? 'base' : '');
      let p = ranges.get(key);
      if (!p) {
        const known = knownLinear(git, from, to, excludePaths);
        p = known ? Promise.resolve(known) : listAndDiff(git, from, to, excludePaths, o.fromIsBase ?? false);
        p.then((commits) => settled.push({ key: keyOf(git.cwd, excludePaths.join('\0')), from, commits }), () => undefined);
        ranges.set(key, p);
      }
      return p;
    },
    async diffs(git, shas, excludePaths) {
      const key = (sha: string) => keyOf(git.cwd, excludePaths.join('\0'), sha);
      const missing = [...new Set(shas.filter((s) => !diffs.has(key(s))))];
      if (missing.length) {
        const batch = diffsForCommits(git, missing, { excludePaths });
        for (const s of missing) diffs.set(key(s), quiet(batch.then((m) => m.get(s) ?? '')));
      }
      const out = new Map<string, string>();
      await Promise.all(shas.map(async (s) => out.set(s, await diffs.get(key(s))!)));
      return out;
    },
    async blobs(git, ref, paths) {
      const key = (p: string) => keyOf(git.cwd, ref, p);
      const missing = [...new Set(paths.filter((p) => !blobs.has(key(p))))];
      if (missing.length) {
        const batch = readBlobs(git, ref, missing);
        for (const p of missing) blobs.set(key(p), quiet(batch.then((m) => m.get(p) ?? null)));
      }
      const out = new Map<string, Buffer>();
      await Promise.all(
        paths.map(async (p) => {
          const b = await blobs.get(key(p))!;
          if (b) out.set(p, b);
        }),
      );
      return out;
    },
  };
}

function isChain(commits: CommitInfo[]): boolean {
  return commits.every((c, i) => c.parents.length <= 1 && c.original === undefined && (i === 0 || c.parents[0] === commits[i - 1]!.sha));
}

/** A promise kept for later: its failure is seen by whoever awaits it, never reported as unhandled meanwhile. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
