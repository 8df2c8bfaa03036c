import { spawn } from 'node:child_process';
import type { Interrupt } from '../core/run-scope.js';
import { toolEnv } from '../git/index.js';

export interface SandboxedRun {
  stdout: string;
  stderr: string;
  /** Exit code; -1 when killed or not started. */
  code: number;
  timedOut?: boolean;
  overflow?: boolean;
  spawnError?: NodeJS.ErrnoException;
  aborted?: boolean;
}

/**
 * Run `bwrap ARGS -- prlimit LIMITS -- CMD…` in its own process group. After
 * timeoutMs, beyond outputBytes of stdout, or on interrupt, the group is
 * killed (SIGKILL); bwrap's --die-with-parent and its PID namespace take
 * everything started inside down with it. Never throws.
 */
export function runSandboxed(
  bwrap: string,
  args: { bwrap: string[]; limit: string[]; cmd: string[] },
  opts: { input: string; timeoutMs: number; outputBytes: number; interrupt?: Interrupt },
): Promise<SandboxedRun> {
  const signal = opts.interrupt?.signal;
  if (signal?.aborted) return Promise.resolve({ stdout: '', stderr: '', code: -1, aborted: true });
  const running = new Promise<SandboxedRun>((resolve) => {
    const argv = [...args.bwrap, '--', '/usr/bin/prlimit', ...args.limit, '--', ...args.cmd];
    const child = spawn(bwrap, argv, { cwd: '/', env: toolEnv(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const flags: Omit<SandboxedRun, 'stdout' | 'stderr' | 'code'> = {};
    const out: Buffer[] = [];
    let outLen = 0;
    let err = '';
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* the group is gone already */
      }
    };
    const stop = () => {
      flags.aborted = true;
      killGroup();
    };
    signal?.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => {
      flags.timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (flags.overflow) return;
      outLen += chunk.length;
      if (outLen > opts.outputBytes) {
        flags.overflow = true;
        killGroup();
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 64 * 1024) err += chunk.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      flags.spawnError = e;
    });
    child.stdin.on('error', () => {
      /* rpm may exit before reading its input: its exit code tells */
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: err, code: code ?? -1, ...flags });
    });
    child.stdin.end(opts.input);
  });
  return opts.interrupt ? opts.interrupt.track(running) : running;
}
