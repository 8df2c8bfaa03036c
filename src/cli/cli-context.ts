import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../core/log.js';
import type { RunScope } from '../core/run-scope.js';
import type { RpmSandbox } from '../rpm/index.js';
import { resolveRepoArgs, type RepoArgsSpec } from './repo-args.js';

/** What every command gets: the use-case dependencies and how to print. */
export interface CliContext {
  /** The run's scope (cleanup registry, interrupt switch, locks) is set before a repository command's action runs. */
  deps: { log: Logger; scope?: RunScope; rpmSandbox?: RpmSandbox };
  /** Print a result: JSON with --json, else the text lines. */
  print(result: unknown, text: () => string[]): void;
  setExitCode(code: number): void;
  /** The repository arguments resolved against the working directory and checked (usage error, exit 2, before any work). */
  repoArgs(spec: RepoArgsSpec): { sourceGit: string; distGit: string };
  /** A path option (a file or directory, or a URL left as it is) resolved against the working directory. */
  localPath(p: string): string;
}

export function createCliContext(opts: {
  log: Logger;
  json: boolean;
  out: NodeJS.WritableStream;
  setExitCode(code: number): void;
  cwd: string;
  argv: readonly string[];
}): CliContext {
  return {
    deps: { log: opts.log },
    print(result, text) {
      opts.out.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${text().join('\n')}\n`);
    },
    setExitCode: opts.setExitCode,
    repoArgs: (spec) => resolveRepoArgs(opts.cwd, opts.argv, spec),
    // URLs (SCHEME://) and git lookasides (git+REPO#BRANCH, REPO possibly a path) are not paths of their own.
    localPath: (p) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^git\+/i.test(p) || isAbsolute(p) ? p : resolve(opts.cwd, p)),
  };
}
