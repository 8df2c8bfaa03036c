import { CommanderError } from 'commander';
import { DistsyncError, exitCodeFor, isDistsyncError } from '../core/errors.js';

/** The one JSON document a failed command prints on stdout with --json. */
export interface JsonFailure {
  error: { code: string; message: string; next: string | null; file?: string; line?: number };
}

/**
 * Report a failure and give the exit code: the human text on stderr, and with
 * --json one JSON document `{"error": {code, message, next}}` on stdout, for
 * every command and every kind of failure (usage, distsync errors, bugs).
 */
export function reportError(e: unknown, io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }, json: boolean): number {
  const emit = (f: JsonFailure['error']) => {
    if (json) io.out.write(`${JSON.stringify({ error: f } satisfies JsonFailure, null, 2)}\n`);
  };
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    if (e.exitCode === 0) return 0;
    emit({ code: 'usage', message: e.message.replace(/^error: /, ''), next: 'run distsync <command> --help' });
    return 2;
  }
  if (isDistsyncError(e)) {
    io.err.write(`error: ${e.format()}\n`);
    emit({ code: e.code, message: e.message, next: e.next ?? null, ...(e.file ? { file: e.file } : {}), ...(e.line ? { line: e.line } : {}) });
    return exitCodeFor(e.code);
  }
  const wrapped = new DistsyncError('git-failed', e instanceof Error ? e.message : String(e));
  const next = 're-run with --verbose and report it with the output';
  io.err.write(`error: unexpected failure: ${wrapped.message}\n  next: ${next}\n`);
  emit({ code: 'unexpected', message: `unexpected failure: ${wrapped.message}`, next });
  return 1;
}
