import { Command } from 'commander';
import { reportError } from './report-error.js';
import { createCliContext } from './cli-context.js';
import { createConsoleLogger } from './console-logger.js';
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
}

/** Run the CLI with argv (without 'node script'); resolves to the exit code. Never calls process.exit. */
export async function runCli(argv: string[], io: RunIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let exitCode = 0;
  const global = { json: argv.includes('--json'), verbose: argv.includes('--verbose') || argv.includes('-v') };
  const log = createConsoleLogger({ verbose: global.verbose, quiet: global.json, out: io.err, err: io.err });
  const cli = createCliContext({ log, json: global.json, out: io.out, setExitCode: (c) => (exitCode = c) });
  const program = new Command('distsync')
    .description('keep RPM source-git and dist-git repositories in sync')
    .option('--json', 'print results as JSON')
    .option('-v, --verbose', 'log every git command')
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
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(e, io, global.json);
  }
}
