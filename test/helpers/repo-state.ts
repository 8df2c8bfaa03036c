import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../scale/scale-harness.js';
import { git } from './corpus.js';

/**
 * Everything a user could see of a repository, to prove "exactly as before":
 * HEAD and every ref, the index entries, every work tree file (bytes and
 * mode, untracked and ignored ones too), `git worktree list`, and what sits
 * at the top of .git (a leftover index.lock or distsync.lock shows). A
 * directory that is not a repository is fingerprinted by its files alone.
 */
export function repoState(dir: string): string {
  if (!existsSync(dir)) return 'absent';
  const tree = fileTree(dir, ['.git']);
  if (!existsSync(join(dir, '.git'))) return `not a repo\n${tree}`;
  const head = git(dir, 'symbolic-ref', '-q', 'HEAD').trim();
  const sha = tryGit(dir, 'rev-parse', '--verify', '-q', 'HEAD');
  return [
    `HEAD ${head} ${sha}`,
    git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    git(dir, 'ls-files', '-s'),
    git(dir, 'worktree', 'list', '--porcelain'),
    `.git: ${readdirSync(join(dir, '.git')).filter((n) => n !== 'index' && n !== 'ORIG_HEAD' && n !== 'logs').sort().join(' ')}`,
    `.git/worktrees: ${existsSync(join(dir, '.git/worktrees')) ? readdirSync(join(dir, '.git/worktrees')).sort().join(' ') : ''}`,
    tree,
  ].join('\n');
}

function tryGit(dir: string, ...args: string[]): string {
  try {
    return git(dir, ...args).trim();
  } catch {
    return '(none)';
  }
}

/** path, mode and content hash of every file under dir (skipping the named top-level entries). */
export function fileTree(dir: string, skip: string[] = []): string {
  const lines: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      if (rel === '' && skip.includes(name)) continue;
      const p = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p, r);
      else if (st.isSymbolicLink()) lines.push(`${r} link ${readlinkSync(p)}`);
      else lines.push(`${r} ${(st.mode & 0o777).toString(8)} ${createHash('sha1').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir, '');
  return lines.join('\n');
}

/** What a temp dir given to a child as TMPDIR holds afterwards (tsx's own compile cache, tsx-*, left out). */
export function leftovers(tmp: string): string[] {
  return readdirSync(tmp).filter((n) => !n.startsWith('tsx-'));
}

const TSX = import.meta.resolve('tsx');

/** Environment for a CLI child: its own TMPDIR and HOME, no git config of the caller, a fixed identity. */
export function childEnv(tmp: string, home: string): NodeJS.ProcessEnv {
  const gitconfig = join(home, '.gitconfig');
  if (!existsSync(gitconfig)) writeFileSync(gitconfig, '');
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, HOME: home, GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C' };
  for (const k of Object.keys(env)) if (/^GIT_(AUTHOR|COMMITTER)_|^GIT_DIR$|^GIT_WORK_TREE$|^GIT_INDEX_FILE$/.test(k)) delete env[k];
  // fixed identity and dates: a complete run makes the same commits every time
  Object.assign(env, {
    GIT_AUTHOR_NAME: 'Test Packager',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test Packager',
    GIT_COMMITTER_EMAIL: 'test@example.org',
    GIT_AUTHOR_DATE: '@1764720000 +0000',
    GIT_COMMITTER_DATE: '@1764720000 +0000',
  });
  return env;
}

export interface CliChild {
  child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** Resolves when the child has run its first git command (it is past start-up and working). */
  working: Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** The real CLI (src/ through tsx) as a child process in its own process group, with -v so git calls show on stderr. */
export function spawnCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): CliChild {
  const child = spawn(process.execPath, ['--import', TSX, CLI, '-v', ...args], { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markWorking: () => void = () => undefined;
  const working = new Promise<void>((r) => (markWorking = r));
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.includes('debug: git ')) markWorking();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
    child.on('close', (code, signal) => {
      markWorking();
      resolve({ code, signal, out, err });
    });
  });
  return { child, stderr: () => err, working, done };
}
