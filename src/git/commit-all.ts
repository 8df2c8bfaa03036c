import type { Git } from './git.js';
import { gitError } from './git-error.js';
import { resolveRef } from './resolve-ref.js';

export interface Ident {
  name: string;
  email: string;
  /** Any date git accepts: ISO 8601, RFC 2822, `@<epoch> <tz>`. */
  date?: string;
}

export interface CommitAllOptions {
  message: string;
  author?: Ident;
  /** Committer date (the committer is the configured user, or distsync when none is configured). */
  committerDate?: string;
  allowEmpty?: boolean;
  /** Stage ignored files too (`git add -A --force`): trees unpacked from tarballs keep every file. */
  force?: boolean;
}

export interface CommitResult {
  sha: string;
  /** Set when git refused the author's name and a placeholder was used instead. */
  authorReplaced?: { from: Ident; to: Ident };
  /** Set when no committer identity was configured and distsync's was used. */
  committerFallback?: boolean;
}

export const UNKNOWN_AUTHOR = { name: 'Unknown', email: 'unknown@unknown.invalid' } as const;
export const FALLBACK_COMMITTER = { name: 'distsync', email: 'distsync@noreply.invalid' } as const;

/** Stage everything (`git add -A`) and commit; the new commit's sha. */
export async function commitAll(git: Git, opts: CommitAllOptions): Promise<string> {
  return (await commitAllDetailed(git, opts)).sha;
}

/**
 * commitAll that also reports identity fix-ups. The author is passed through
 * GIT_AUTHOR_* so an empty e-mail (`IBM developers <>`) is kept as is; git
 * refuses only an empty *name*, which becomes "Unknown".
 */
export async function commitAllDetailed(git: Git, opts: CommitAllOptions): Promise<CommitResult> {
  await git.run(['add', '-A', ...(opts.force ? ['--force'] : []), '--', '.']);
  const args = ['commit', '-q', '--no-verify', '--no-edit', '--cleanup=whitespace', '-F', '-', ...(opts.allowEmpty ? ['--allow-empty'] : [])];
  const { result } = await runWithIdentity(git, args, opts);
  return { sha: await resolveRef(git, 'HEAD'), ...result };
}

/**
 * A commit of `tree` with these parents, made with `git commit-tree`: no
 * index, work tree or ref is touched (the caller lands it with updateRef).
 * Identities as commitAll makes them.
 */
export async function commitTree(git: Git, tree: string, parents: string[], opts: Omit<CommitAllOptions, 'allowEmpty' | 'force'>): Promise<string> {
  const message = opts.message.endsWith('\n') ? opts.message : `${opts.message}\n`;
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
  const { stdout } = await runWithIdentity(git, args, { ...opts, message });
  return stdout.trim();
}

/** Run a committing git command with the author in GIT_AUTHOR_*; without a configured committer, as distsync. */
async function runWithIdentity(git: Git, args: string[], opts: Pick<CommitAllOptions, 'message' | 'author' | 'committerDate'>): Promise<{ stdout: string; result: Omit<CommitResult, 'sha'> }> {
  const result: Omit<CommitResult, 'sha'> = {};
  let author = opts.author;
  if (author && author.name.trim() === '') {
    const to: Ident = { ...UNKNOWN_AUTHOR, ...(author.email.trim() ? { email: author.email } : {}), ...(author.date ? { date: author.date } : {}) };
    result.authorReplaced = { from: author, to };
    author = to;
  }
  const env: Record<string, string> = {};
  if (author) {
    env.GIT_AUTHOR_NAME = author.name;
    env.GIT_AUTHOR_EMAIL = author.email;
    if (author.date) env.GIT_AUTHOR_DATE = author.date;
  }
  if (opts.committerDate) env.GIT_COMMITTER_DATE = opts.committerDate;
  let res = await git.run(args, { input: opts.message, env, allowFail: true });
  if (res.code !== 0 && /identity unknown|tell me who you are|unable to auto-detect email|empty ident name/i.test(res.stderr)) {
    // No usable user.name / user.email configured: commit as distsync (the author, when given, stays).
    result.committerFallback = true;
    const fallback = { ...env, GIT_COMMITTER_NAME: FALLBACK_COMMITTER.name, GIT_COMMITTER_EMAIL: FALLBACK_COMMITTER.email };
    if (!author) Object.assign(fallback, { GIT_AUTHOR_NAME: FALLBACK_COMMITTER.name, GIT_AUTHOR_EMAIL: FALLBACK_COMMITTER.email });
    res = await git.run(args, { input: opts.message, env: fallback, allowFail: true });
  }
  if (res.code !== 0) throw gitError(args, git.cwd, res.code, res.stderr);
  return { stdout: res.stdout, result };
}
