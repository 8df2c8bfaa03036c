import type { Git } from '../../git/index.js';
import type { HistoryCommit, LazyLine } from './history.js';
import type { ContentOracle } from './source-makes-dist-git.js';
import { sourceGitCounterpart, type SourceGitFacts } from './source-git-facts.js';

/** A pair of commits that hold the same package. */
export interface SyncPoint {
  distGit: string;
  /** The source-git commit on source-git's main line; null when dist-git names one source-git does not have. */
  sourceGit: string | null;
  how: SyncPointHow;
}

/**
 * carried: source-git names the dist-git commit (`From-dist-git-commit`, init or update-source-git);
 * synced: the dist-git commit names the source-git commit it was made from (`From-source-git-commit`, distsync or Packit)
 *   and holds what that commit makes;
 * merged: a merge (the forge's or a person's) whose tree is a synced or carried commit's;
 * content: no trailer, but it holds exactly what a recent source-git commit makes (e.g. update-dist-git without -m, committed by hand).
 */
export type SyncPointHow = 'carried' | 'synced' | 'merged' | 'content';

/** How many recent source-git commits a dist-git commit without trailers is compared with. */
const CONTENT_CANDIDATES = 8;
/** Content comparisons one search may spend before settling for trailers. */
const CONTENT_BUDGET = 24;

/**
 * The newest dist-git commit on the first-parent line from its head that is
 * a sync point, walking back; null when none is (nothing tells the two
 * histories apart from each other). The line is read only as far as the walk
 * goes, and whole only when a commit without trailers needs content candidates.
 */
export async function findSyncPoint(
  sgGit: Git,
  facts: SourceGitFacts,
  line: LazyLine,
  lookup: (sha: string) => Promise<HistoryCommit | undefined>,
  oracle: ContentOracle,
): Promise<SyncPoint | null> {
  let candidates: HistoryCommit[] | undefined;
  for (let i = 0; ; i += 1) {
    const d = await line.at(i);
    if (!d) break;
    const direct = await byTrailers(sgGit, facts, d, oracle);
    if (direct) return direct;
    if (d.parents.length > 1) {
      for (const p of d.parents.slice(1)) {
        const other = await lookup(p);
        if (!other || other.tree !== d.tree) continue;
        const via = await byTrailers(sgGit, facts, other, oracle);
        if (via) return { distGit: d.sha, sourceGit: via.sourceGit, how: 'merged' };
      }
    }
    if (d.fromSourceGit.length === 0 && oracle.asked < CONTENT_BUDGET) {
      if (!candidates) {
        candidates = contentCandidates(facts, await line.all());
        oracle.expect(candidates.map((s) => s.sha));
      }
      for (const s of candidates) {
        if (await oracle.holds(s.sha, d.sha)) return { distGit: d.sha, sourceGit: s.sha, how: 'content' };
      }
    }
  }
  return null;
}

async function byTrailers(sgGit: Git, facts: SourceGitFacts, d: HistoryCommit, oracle: ContentOracle): Promise<SyncPoint | null> {
  const carrier = facts.carried.get(d.sha);
  if (carrier) return { distGit: d.sha, sourceGit: carrier, how: 'carried' };
  for (const s of d.fromSourceGit) {
    const known = await sgGit.run(['cat-file', '-e', `${s}^{commit}`], { allowFail: true });
    // a source-git commit we cannot see (another clone's branch): trust the trailer
    if (known.code !== 0) return { distGit: d.sha, sourceGit: null, how: 'synced' };
    if (await oracle.holds(s, d.sha)) return { distGit: d.sha, sourceGit: await sourceGitCounterpart(sgGit, facts, s), how: 'synced' };
  }
  return null;
}

/**
 * Source-git commits a dist-git commit without trailers may be compared with:
 * the newest ones on the main line, down to (not including) the newest one
 * trailers already tie to dist-git. Older states are out: a dist-git commit
 * that drops the last patch would otherwise "match" the source-git commit
 * before that patch.
 */
function contentCandidates(facts: SourceGitFacts, distLine: HistoryCommit[]): HistoryCommit[] {
  const synced = new Set(distLine.flatMap((d) => d.fromSourceGit));
  const out: HistoryCommit[] = [];
  for (const s of facts.line) {
    if (s.fromDistGit.length || synced.has(s.sha) || out.length === CONTENT_CANDIDATES) break;
    out.push(s);
  }
  return out;
}
