import { runCli } from './program.js';

/** Process entry: the only place that touches process.exitCode. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2));
}
