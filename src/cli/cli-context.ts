import type { Logger } from '../core/log.js';

/** What every command gets: the use-case dependencies and how to print. */
export interface CliContext {
  deps: { log: Logger };
  /** Print a result: JSON with --json, else the text lines. */
  print(result: unknown, text: () => string[]): void;
  setExitCode(code: number): void;
}

export function createCliContext(opts: { log: Logger; json: boolean; out: NodeJS.WritableStream; setExitCode(code: number): void }): CliContext {
  return {
    deps: { log: opts.log },
    print(result, text) {
      opts.out.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${text().join('\n')}\n`);
    },
    setExitCode: opts.setExitCode,
  };
}
