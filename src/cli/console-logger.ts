import type { Logger } from '../core/log.js';

/** Logger for a terminal: info to stdout, warnings to stderr, debug only with --verbose. */
export function createConsoleLogger(opts: { verbose: boolean; quiet?: boolean; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream }): Logger {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  return {
    info: (m) => {
      if (!opts.quiet) out.write(`${m}\n`);
    },
    warn: (m) => err.write(`warning: ${m}\n`),
    debug: (m) => {
      if (opts.verbose) err.write(`debug: ${m}\n`);
    },
  };
}
