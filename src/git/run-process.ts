import { spawn } from 'node:child_process';
import type { Interrupt } from '../core/run-scope.js';

export interface ProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdin; pieces are written one after the other (no joined copy of large inputs). */
  input?: string | Buffer | readonly Buffer[];
  /** Cap on stdout bytes; the child is killed beyond it (`overflow: true`). */
  maxBuffer: number;
  /** Takes stdout chunk by chunk as it comes (it must not throw); stdout is then not kept (result.stdout is empty). */
  onStdout?: (chunk: Buffer) => void;
  /** Only the last `stderrCap` bytes of stderr are kept. Default 1 MiB. */
  stderrCap?: number;
  timeoutMs?: number;
  /**
   * The run's interrupt switch. When given, the child runs in its own process group (a
   * terminal's Ctrl-C reaches distsync, not the child), and aborting sends
   * SIGTERM to that group: git removes its lock files and exits.
   */
  interrupt?: Interrupt;
}

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
  /** Exit code; -1 when the process could not start or was killed. */
  code: number;
  /** Set when the process could not be started (ENOENT: no such program or cwd). */
  spawnError?: NodeJS.ErrnoException;
  /** Set when opts.signal stopped the process (or it was aborted before it started: then it never ran). */
  aborted?: boolean;
  overflow?: boolean;
  timedOut?: boolean;
}

/**
 * Run a program without a shell. Never throws: the caller maps the result to
 * its own error (git-failed, prep-failed, bad-patch…).
 */
export function runProcess(cmd: string, args: string[], opts: ProcessOptions): Promise<ProcessResult> {
  const signal = opts.interrupt?.signal;
  if (signal?.aborted) return Promise.resolve({ stdout: Buffer.alloc(0), stderr: '', code: -1, aborted: true });
  const running = new Promise<ProcessResult>((resolve) => {
    const stderrCap = opts.stderrCap ?? 1024 * 1024;
    const out: Buffer[] = [];
    let outLen = 0;
    let err = Buffer.alloc(0);
    const flags: { overflow?: boolean; timedOut?: boolean; spawnError?: NodeJS.ErrnoException; aborted?: boolean } = {};
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, detached: !!signal });
    const stop = () => {
      flags.aborted = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* the group is gone already */
      }
    };
    signal?.addEventListener('abort', stop, { once: true });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          flags.timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (flags.overflow) return;
      outLen += chunk.length;
      if (outLen > opts.maxBuffer) {
        flags.overflow = true;
        child.kill('SIGKILL');
        return;
      }
      if (opts.onStdout) opts.onStdout(chunk);
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = Buffer.concat([err, chunk]);
      if (err.length > stderrCap) err = err.subarray(err.length - stderrCap);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      flags.spawnError = e;
    });
    child.stdin.on('error', () => {
      /* the child may exit before reading all input (EPIPE): its exit code tells */
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve({ stdout: Buffer.concat(out), stderr: err.toString('utf8'), code: code ?? -1, ...flags });
    });
    if (Array.isArray(opts.input)) {
      for (const piece of opts.input as readonly Buffer[]) child.stdin.write(piece);
      child.stdin.end();
    } else if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
  return opts.interrupt ? opts.interrupt.track(running) : running;
}
