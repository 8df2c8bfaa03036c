import { stat } from 'node:fs/promises';
import { DistsyncError } from '../core/errors.js';
import type { Interrupt } from '../core/run-scope.js';
import { gitError } from './git-error.js';
import { hostEnv } from './host-env.js';
import { redact } from './redact.js';
import { runProcess, type ProcessResult } from './run-process.js';

export interface GitLogger {
  debug(msg: string): void;
}

export interface GitRunOptions {
  input?: string | Buffer | readonly Buffer[];
  /** Return non-zero exits instead of throwing. */
  allowFail?: boolean;
  /** Extra environment (e.g. GIT_INDEX_FILE, GIT_AUTHOR_NAME) on top of the fixed one. */
  env?: Record<string, string>;
  /** Cap on stdout bytes (run: 256 MiB, runBuffer: 512 MiB). */
  maxBuffer?: number;
  /** Stream stdout to this consumer instead of returning it (stdout comes back empty); it must not throw. */
  onStdout?: (chunk: Buffer) => void;
}

export interface Git {
  readonly cwd: string;
  /** The run's interrupt switch, when it has one (pass it on to other tools: tar, patch). */
  readonly interrupt?: Interrupt;
  /** The repository's absolute git dir, when the opener learnt it already (repoGitDir): the lock needs no git call to find it. */
  readonly gitDir?: string;
  run(args: string[], opts?: GitRunOptions): Promise<{ stdout: string; stderr: string; code: number }>;
  runBuffer(args: string[], opts?: GitRunOptions): Promise<{ stdout: Buffer; stderr: string; code: number }>;
}

export interface CreateGitOptions {
  log?: GitLogger;
  /** Strings (tokens) to replace by *** in every logged line and error message. */
  secrets?: string[];
  /** Extra `-c key=value` settings for every call (e.g. http.extraHeader, url.<base>.insteadOf); never logged. */
  config?: string[];
  /** Interrupt switch of the run: once aborted, calls fail with its reason and running git is stopped. */
  interrupt?: Interrupt;
  /** The repository's absolute git dir, when known (see Git.gitDir). */
  gitDir?: string;
}

/** Settings every git call gets, so output does not depend on the user's config. */
export const GIT_CONFIG_ARGS: readonly string[] = [
  '-c', 'core.autocrlf=false',
  '-c', 'core.safecrlf=false',
  '-c', 'core.quotepath=false',
  '-c', 'advice.detachedHead=false',
  '-c', 'init.defaultBranch=main',
  '-c', 'commit.gpgsign=false',
  '-c', 'tag.gpgsign=false',
];

/** Inherited variables that would point git at another repository than `cwd`. */
const REPO_LOCATION_VARS = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT',
];

const RUN_MAX = 256 * 1024 * 1024;
const RUN_BUFFER_MAX = 512 * 1024 * 1024;

export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...hostEnv() };
  for (const v of REPO_LOCATION_VARS) delete env[v];
  return {
    ...env,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PAGER: 'cat',
    // `git status` must not rewrite the index behind a user's back (an interrupted one would leave index.lock)
    GIT_OPTIONAL_LOCKS: '0',
    ...extra,
  };
}

/** The one way distsync runs git: fixed locale and config, output capped, each command logged with secrets hidden. */
export function createGit(cwd: string, opts: CreateGitOptions = {}): Git {
  const secrets = opts.secrets ?? [];
  const extraConfig = (opts.config ?? []).flatMap((c) => ['-c', c]);
  async function exec(args: string[], o: GitRunOptions, max: number): Promise<ProcessResult> {
    const shown = args.map((a) => redact(a, secrets)).join(' ');
    opts.log?.debug(`git -C ${cwd} ${shown}`);
    const res = await runProcess('git', [...GIT_CONFIG_ARGS, ...extraConfig, ...args], {
      cwd,
      env: gitEnv(o.env),
      maxBuffer: o.maxBuffer ?? max,
      ...(o.input !== undefined ? { input: o.input } : {}),
      ...(o.onStdout ? { onStdout: o.onStdout } : {}),
      ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
    });
    if (res.aborted || opts.interrupt?.signal.aborted) throw opts.interrupt?.signal.reason ?? new DistsyncError('interrupted', 'interrupted', { next: 're-run the command' });
    if (res.spawnError) throw await spawnFailure(cwd, args, res.spawnError);
    if (res.overflow) {
      throw new DistsyncError('git-failed', `git ${args[0] ?? ''} printed more than ${o.maxBuffer ?? max} bytes`, {
        next: 'the repository or range is too large for one call; narrow the range',
      });
    }
    const stderr = redact(res.stderr, secrets);
    if (res.code !== 0 && !o.allowFail) throw gitError(args.map((a) => redact(a, secrets)), cwd, res.code, stderr);
    return { ...res, stderr };
  }
  return {
    cwd,
    ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
    ...(opts.gitDir !== undefined ? { gitDir: opts.gitDir } : {}),
    async run(args, o = {}) {
      const res = await exec(args, o, RUN_MAX);
      return { stdout: res.stdout.toString('utf8'), stderr: res.stderr, code: res.code };
    },
    async runBuffer(args, o = {}) {
      const res = await exec(args, o, RUN_BUFFER_MAX);
      return { stdout: res.stdout, stderr: res.stderr, code: res.code };
    },
  };
}

async function spawnFailure(cwd: string, args: string[], e: NodeJS.ErrnoException): Promise<DistsyncError> {
  const cwdExists = await stat(cwd).then((s) => s.isDirectory(), () => false);
  if (!cwdExists) {
    return new DistsyncError('not-a-repo', `${cwd} does not exist (or is not a directory)`, { next: 'check the path', cause: e });
  }
  return new DistsyncError('git-failed', `cannot run git ${args[0] ?? ''}: ${e.message}`, {
    next: 'install git (sudo apt-get install -y git / sudo dnf install -y git) and make sure it is on PATH',
    cause: e,
  });
}
