import type { Git } from '../../git/index.js';
import type { HistoryCommit } from './history.js';
import { changeIsContained } from './change-is-contained.js';
import type { SourceGitFacts } from './source-git-facts.js';

/**
 * synced: made from source-git (`From-source-git-commit`);
 * carried: source-git already has its change (`From-dist-git-commit`, or by content: what source-git makes contains it);
 * merge: a merge whose tree is the clean merge of its parents (their commits are judged one by one);
 * hand: a change source-git does not have — carry it back with update-source-git.
 */
export type DistGitCommitKind = 'synced' | 'carried' | 'merge' | 'hand';

export interface DistGitCommitState {
  sha: string;
  parents: string[];
  subject: string;
  kind: DistGitCommitKind;
  why: string;
  /** For hand commits: the dist-git paths it changes (against its first parent, or for a merge against the clean merge). */
  files: string[];
  /** For hand commits: the commit (or tree) its change is measured from. */
  base: string;
}

/** Judge each dist-git commit; `made` is what source-git makes now (path → bytes), null when that cannot be computed. */
export async function classifyDistGitCommits(
  dgGit: Git,
  commits: HistoryCommit[],
  facts: SourceGitFacts,
  made: Map<string, Buffer> | null,
): Promise<DistGitCommitState[]> {
  const out: DistGitCommitState[] = [];
  for (const c of commits) {
    const state = (kind: DistGitCommitKind, why: string, files: string[] = [], base = c.parents[0] ?? EMPTY_TREE): DistGitCommitState => ({
      sha: c.sha,
      parents: c.parents,
      subject: c.subject,
      kind,
      why,
      files,
      base,
    });
    if (c.fromSourceGit.length) {
      out.push(state('synced', `From-source-git-commit: ${c.fromSourceGit[0]!.slice(0, 12)}`));
      continue;
    }
    const carrier = facts.carried.get(c.sha);
    if (carrier) {
      out.push(state('carried', `source-git ${carrier.slice(0, 12)} carries it (From-dist-git-commit)`));
      continue;
    }
    let base = c.parents[0] ?? EMPTY_TREE;
    if (c.parents.length > 1) {
      const merged = await cleanMerge(dgGit, c.parents);
      if (merged === c.tree) {
        out.push(state('merge', 'a clean merge of its parents'));
        continue;
      }
      if (merged) base = merged;
    }
    const files = await changedFiles(dgGit, base, c.sha);
    if (made && (await changeIsContained(dgGit, { base, commit: c.sha, files, made }))) {
      out.push(state('carried', 'source-git already makes what it changes'));
      continue;
    }
    out.push(state('hand', c.parents.length > 1 ? 'a merge that changes more than its parents' : 'changes source-git does not have', files, base));
  }
  return out;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The tree a clean merge of `parents` gives; null when they conflict (or for octopus merges). */
async function cleanMerge(git: Git, parents: string[]): Promise<string | null> {
  if (parents.length !== 2) return null;
  const res = await git.run(['merge-tree', '--write-tree', '--no-messages', parents[0]!, parents[1]!], { allowFail: true });
  if (res.code !== 0) return null;
  return res.stdout.split('\n')[0]?.trim() ?? null;
}

async function changedFiles(git: Git, base: string, sha: string): Promise<string[]> {
  const res = await git.run(['diff', '--name-only', '--no-renames', '-z', base, sha, '--']);
  return res.stdout.split('\0').filter(Boolean);
}
