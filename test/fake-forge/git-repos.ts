import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bareGit, listRefs, type Ident } from '../fake-github/bare-git.js';

/**
 * Real bare repositories behind the fake Forgejo and the fake GitLab: `<root>/<path>.git`,
 * branches are refs, files are blobs, commits are made with git plumbing (never a worktree).
 */
export interface GitRepos {
  root: string;
  dirOf(path: string): string;
  /** A new repository: cloned (bare) from a local repo, or one commit holding `files`. */
  create(path: string, o: { from?: string; files?: Record<string, string>; defaultBranch: string; author: Ident }): void;
  /** A fork: a bare clone of every branch of `from`. */
  fork(from: string, to: string): void;
  /** branch → sha. */
  branches(path: string): Map<string, string>;
  /** A commit on `branch` (from `base` when the branch is new) adding/replacing `files`: its sha. */
  commit(path: string, branch: string, base: string, files: Record<string, string>, author: Ident): string;
  readFile(path: string, rev: string, file: string): string | undefined;
  /** Make `sha` of repository `from` known in `to` (a fork's head, before a merge there), under `ref`. */
  fetchInto(to: string, from: string, sha: string, ref: string): void;
  deleteBranch(path: string, branch: string): boolean;
}

export function gitRepos(root: string): GitRepos {
  mkdirSync(root, { recursive: true });
  const dirOf = (path: string) => join(root, `${path}.git`);
  const branches = (path: string) => new Map([...listRefs(dirOf(path))].filter(([r]) => r.startsWith('refs/heads/')).map(([r, sha]) => [r.slice('refs/heads/'.length), sha]));
  const commit: GitRepos['commit'] = (path, branch, base, files, author) => {
    const dir = dirOf(path);
    const parent = bareGit(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { allowFail: true }).trim() || bareGit(dir, ['rev-parse', '--verify', `refs/heads/${base}`]).trim();
    const index = join(dir, `index-${Math.random().toString(36).slice(2)}`);
    const env = (args: string[], input?: string) => bareGit(dir, args, { author, committer: author, ...(input !== undefined ? { input } : {}), indexFile: index });
    try {
      env(['read-tree', parent]);
      for (const [file, text] of Object.entries(files)) {
        const blob = bareGit(dir, ['hash-object', '-w', '--stdin'], { input: text }).trim();
        env(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`]);
      }
      const tree = env(['write-tree']).trim();
      const sha = bareGit(dir, ['commit-tree', tree, '-p', parent], { input: `Change ${Object.keys(files).join(', ') || 'nothing'}\n`, author, committer: author }).trim();
      bareGit(dir, ['update-ref', `refs/heads/${branch}`, sha]);
      return sha;
    } finally {
      rmSync(index, { force: true });
    }
  };
  return {
    root,
    dirOf,
    create: (path, o) => {
      const dir = dirOf(path);
      mkdirSync(join(dir, '..'), { recursive: true });
      if (o.from) {
        bareGit(root, ['clone', '--bare', '--quiet', o.from, dir]);
        const current = bareGit(dir, ['symbolic-ref', '--short', 'HEAD']).trim();
        if (!branches(path).has(o.defaultBranch)) bareGit(dir, ['branch', '-m', current, o.defaultBranch]);
        bareGit(dir, ['symbolic-ref', 'HEAD', `refs/heads/${o.defaultBranch}`]);
        return;
      }
      bareGit(root, ['init', '--bare', '--quiet', `--initial-branch=${o.defaultBranch}`, dir]);
      const empty = bareGit(dir, ['mktree'], { input: '' }).trim();
      const first = bareGit(dir, ['commit-tree', empty], { input: 'Initial commit\n', author: o.author, committer: o.author }).trim();
      bareGit(dir, ['update-ref', `refs/heads/${o.defaultBranch}`, first]);
      if (Object.keys(o.files ?? {}).length) commit(path, o.defaultBranch, o.defaultBranch, o.files ?? {}, o.author);
    },
    fork: (from, to) => {
      mkdirSync(join(dirOf(to), '..'), { recursive: true });
      bareGit(root, ['clone', '--bare', '--quiet', dirOf(from), dirOf(to)]);
    },
    branches,
    commit,
    readFile: (path, rev, file) => {
      const blob = bareGit(dirOf(path), ['rev-parse', '--verify', '--quiet', `${rev}:${file}`], { allowFail: true }).trim();
      return blob ? bareGit(dirOf(path), ['cat-file', 'blob', blob]) : undefined;
    },
    fetchInto: (to, from, sha, ref) => {
      if (to === from) return;
      bareGit(dirOf(to), ['fetch', '--quiet', dirOf(from), `+${sha}:${ref}`]);
    },
    deleteBranch: (path, branch) => {
      if (!branches(path).has(branch)) return false;
      bareGit(dirOf(path), ['update-ref', '-d', `refs/heads/${branch}`]);
      return true;
    },
  };
}
