import { Command } from 'commander';
import { DistsyncError } from '../core/errors.js';
import { createRunScope, exitCodeForSignal, type RunScope, type StopSignal } from '../core/run-scope.js';
import { reportError } from './report-error.js';
import { createCliContext } from './cli-context.js';
import { createConsoleLogger } from './console-logger.js';
import { EVAL_WITH_RPM_HELP, setUpEvalWithRpm } from './eval-with-rpm-option.js';
import { registerDemo } from './commands/demo.js';
import { registerInit } from './commands/init.js';
import { registerProposeDownstream } from './commands/propose-downstream.js';
import { registerStatus } from './commands/status.js';
import { registerUpdateDistGit } from './commands/update-dist-git.js';
import { registerUpdateSourceGit } from './commands/update-source-git.js';
import { registerVerify } from './commands/verify.js';
import { registerWeb } from './commands/web.js';
import { registerWorker } from './commands/worker.js';
import { registerMigrateStore } from './commands/migrate-store.js';
import { registerJobs } from './commands/jobs.js';
import { registerOpenpatch } from './commands/openpatch.js';
import { registerLookaside } from './commands/lookaside-import.js';

export interface RunIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** Where SIGINT / SIGTERM come from (the process, in main.ts); without it a run is never interrupted. */
  stops?: StopSource;
}

/** The entry point's signals, handed to runCli so it owns no process state. */
export interface StopSource {
  /** Call `cb` on every SIGINT / SIGTERM from now on. */
  onStop(cb: (by: StopSignal) => void): void;
  /** Leave now with this exit code (a second signal, or cleanup that does not finish). */
  forceExit(code: number): void;
}

/** Commands that work on repositories: they get a run scope (lock, cleanup, interrupt). */
const REPO_COMMANDS = new Set(['init', 'update-dist-git', 'update-source-git', 'status', 'verify', 'propose-downstream']);
/** How long an interrupted run may take to undo its work before it is cut short. */
const STOP_GRACE_MS = 15_000;

/** Run the CLI with argv (without 'node script'); resolves to the exit code. Never calls process.exit. */
export async function runCli(argv: string[], io: RunIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let exitCode = 0;
  const global = { json: argv.includes('--json'), verbose: argv.includes('--verbose') || argv.includes('-v') };
  const log = createConsoleLogger({ verbose: global.verbose, quiet: global.json, out: io.err, err: io.err });
  const cli = createCliContext({ log, json: global.json, out: io.out, setExitCode: (c) => (exitCode = c), cwd: io.cwd ?? process.cwd(), argv });
  let scope: RunScope | undefined;
  const program = new Command('distsync')
    .description('keep RPM source-git and dist-git repositories in sync')
    .option('--json', 'print results as JSON')
    .option('-v, --verbose', 'log every git command')
    .option('--eval-with-rpm', EVAL_WITH_RPM_HELP)
    .option('--wait <seconds>', 'when another distsync run holds a repository, wait up to this long for it (default 0: refuse at once)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError();
  const sourceGit = program.command('source-git').description('source-git ⇄ dist-git (Packit-style verbs)');
  registerInit(sourceGit, cli);
  registerUpdateDistGit(sourceGit, cli);
  registerUpdateSourceGit(sourceGit, cli);
  registerStatus(sourceGit, cli);
  registerVerify(program, cli);
  registerProposeDownstream(program, cli);
  registerDemo(program, cli);
  registerWeb(program, cli);
  registerWorker(program, cli);
  registerMigrateStore(program, cli);
  registerJobs(program, cli);
  registerOpenpatch(program, cli);
  registerLookaside(program, cli);
  for (const c of [program, sourceGit, ...program.commands, ...sourceGit.commands, ...program.commands.flatMap((x) => x.commands)]) c.exitOverride();
  program.hook('preAction', async (_, action) => {
    await setUpEvalWithRpm(program, action, cli);
    if (!REPO_COMMANDS.has(action.name())) return;
    scope = createRunScope({ command: `distsync ${argv.join(' ')}`, lockWaitMs: waitOption(program.opts().wait) * 1000 });
    cli.deps.scope = scope;
    if (io.stops) watchStops(io.stops, scope, io.err);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return scope?.interruptedBy ? reportInterrupt(scope, io.err) : exitCode;
  } catch (e) {
    if (scope?.interruptedBy) return reportInterrupt(scope, io.err);
    return reportError(e, io, global.json);
  } finally {
    await scope?.cleanupAll();
  }
}

function waitOption(v: unknown): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new DistsyncError('usage', `--wait ${String(v)} is not a number of seconds`, { next: 'e.g. --wait 30' });
  return n;
}

/** First signal: stop the run (it undoes its work and exits 130/143). A second one, or a stuck undo: clean up and leave now. */
function watchStops(stops: StopSource, scope: RunScope, err: NodeJS.WritableStream): void {
  let forcing = false;
  const force = () => {
    if (forcing) return;
    forcing = true;
    void scope.cleanupAll().finally(() => stops.forceExit(exitCodeForSignal(scope.interruptedBy ?? 'SIGINT')));
  };
  stops.onStop((by) => {
    if (scope.interruptedBy) return force();
    scope.interrupt(by);
    err.write(`distsync: ${by}: stopping; undoing this run's work\n`);
    setTimeout(force, STOP_GRACE_MS).unref();
  });
}

function reportInterrupt(scope: RunScope, err: NodeJS.WritableStream): number {
  const by = scope.interruptedBy!;
  err.write(
    scope.landed
      ? `error: interrupted by ${by} after the change was made (it is complete); temporary files removed\n`
      : `error: interrupted by ${by}: nothing was changed; temporary files and worktrees removed\n  next: re-run the command\n`,
  );
  return exitCodeForSignal(by);
}
