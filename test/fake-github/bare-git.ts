import { execFileSync } from 'node:child_process';

/** GitHub's own identity on commits it makes (merges through the API or the UI). */
export const WEB_FLOW = { name: 'GitHub', email: 'noreply@github.com' };

export interface Ident {
  name: string;
  email: string;
  /** Keep this date (a rebase keeps the author's date). */
  date?: string;
}

/** git in a bare repository of the fake, synchronously, with a clean environment (no user config, LANG=C). */
export function bareGit(dir: string, args: string[], o: { input?: string; author?: Ident | undefined; committer?: Ident; allowFail?: boolean; indexFile?: string } = {}): string {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: dir, LANG: 'C', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const author: Ident = o.author ?? WEB_FLOW;
  const committer = o.committer ?? WEB_FLOW;
  Object.assign(env, { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email });
  if (author.date) env['GIT_AUTHOR_DATE'] = author.date;
  if (o.indexFile) env['GIT_INDEX_FILE'] = o.indexFile;
  try {
    return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', input: o.input ?? '', maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (o.allowFail) return '';
    const err = e as { stderr?: string; status?: number };
    throw new Error(`git ${args.join(' ')} in ${dir} failed (exit ${err.status ?? '?'}): ${String(err.stderr ?? '').trim()}`);
  }
}

/** The commit a ref (branch, tag, sha) names in a bare repo, or undefined. */
export function resolveCommit(dir: string, ref: string): string | undefined {
  const candidates = /^[0-9a-f]{40}$/.test(ref) ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
  for (const c of candidates) {
    const sha = bareGit(dir, ['rev-parse', '--verify', '--quiet', `${c}^{commit}`], { allowFail: true }).trim();
    if (sha) return sha;
  }
  return undefined;
}

/** Every ref of a bare repo: name → sha. */
export function listRefs(dir: string): Map<string, string> {
  const out = bareGit(dir, ['for-each-ref', '--format=%(refname) %(objectname)']);
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
}

export interface CommitMeta {
  sha: string;
  tree: string;
  parents: string[];
  author: Ident & { date: string };
  committer: Ident & { date: string };
  message: string;
}

export function readCommit(dir: string, sha: string): CommitMeta {
  const out = bareGit(dir, ['show', '-s', '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B', sha]);
  const [h = '', t = '', p = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...msg] = out.split('\0');
  return { sha: h, tree: t, parents: p ? p.split(' ') : [], author: { name: an, email: ae, date: ad }, committer: { name: cn, email: ce, date: cd }, message: msg.join('\0').replace(/\n+$/, '') };
}

/** Commits reachable from `to` and not from `from` (oldest first, no merges unless asked). */
export function commitsBetween(dir: string, from: string | undefined, to: string, merges = true): string[] {
  const args = ['rev-list', '--reverse', ...(merges ? [] : ['--no-merges']), to, ...(from ? [`^${from}`] : [])];
  return bareGit(dir, args).split('\n').filter(Boolean);
}

/**
 * The commits a push that created branch `branch` at `to` brought (oldest first): reachable from
 * `to` and from no other branch — none when it was made at an existing commit. What GitHub lists
 * in such a push's payload; not the branch's whole history.
 */
export function commitsNewTo(dir: string, branch: string, to: string): string[] {
  // refnames cannot hold glob characters (git check-ref-format), so the branch's own name excludes only it
  return bareGit(dir, ['rev-list', '--reverse', to, '--not', `--exclude=${branch}`, '--branches']).split('\n').filter(Boolean);
}

export function isAncestor(dir: string, a: string, b: string): boolean {
  try {
    bareGit(dir, ['merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}
