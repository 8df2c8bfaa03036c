import { runCli, type StopSource } from './program.js';

/** Process entry: the only place that touches process.exitCode and the process's signals. */
export async function main(): Promise<void> {
  const stops: StopSource = {
    onStop(cb) {
      process.on('SIGINT', () => cb('SIGINT'));
      process.on('SIGTERM', () => cb('SIGTERM'));
    },
    forceExit: (code) => process.exit(code),
  };
  process.exitCode = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, stops });
}
