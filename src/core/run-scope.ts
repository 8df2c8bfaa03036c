import { setMaxListeners } from 'node:events';
import { DistsyncError } from './errors.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** What a process runner needs of a run: the abort signal, and a way to let the run wait for its children. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** Count `p` as in flight until it settles (cleanup waits for every child process to end first). */
  track<T>(p: Promise<T>): Promise<T>;
}

/**
 * One run of a command (a CLI invocation): the cleanup registry and the
 * interrupt switch, created by the entry point and passed down in `deps`.
 * Never module-level: two runs in one process (tests) have two scopes.
 *
 * - `signal` aborts when the run is interrupted: git calls refuse to start
 *   and kill the ones running, so the use case unwinds through its own
 *   `finally` blocks.
 * - `onCleanup` registers what must go if the run ends early (temp dirs,
 *   registered worktrees, lock files); the entry point runs what is left.
 * - `land` runs a commit point (ref update + checkout): an interrupt arriving
 *   during it waits until it is done, one arriving before it stops it.
 */
export interface RunScope extends Interrupt {
  /** Unique id of this run (lock files name it). */
  readonly id: string;
  /** What this run is, as a user would recognise it (shown in lock files). */
  readonly command: string;
  /** How long to wait for a repository another run has locked (0: refuse at once). */
  readonly lockWaitMs: number;
  /** The signal that interrupted the run, if any. */
  readonly interruptedBy: StopSignal | null;
  /** True once a `land` step completed: the run changed a repository. */
  readonly landed: boolean;
  onCleanup(fn: () => Promise<void> | void): () => void;
  land<T>(fn: () => Promise<T>): Promise<T>;
  interrupt(by: StopSignal): void;
  /** Resolves once nothing tracked is in flight (child processes of this run have ended). */
  settled(): Promise<void>;
  /** Wait until settled, then run every registered cleanup (newest first), each at most once; errors are collected, not thrown. */
  cleanupAll(): Promise<unknown[]>;
  /** Throw `interrupted` when the run was interrupted (before a step that must not start). */
  throwIfInterrupted(): void;
}

export function createRunScope(opts: { command?: string; lockWaitMs?: number } = {}): RunScope {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every running git call listens; many may run at once
  const cleanups = new Map<number, () => Promise<void> | void>();
  const inFlight = new Set<Promise<unknown>>();
  let nextId = 0;
  let landing = 0;
  let pending: StopSignal | null = null;
  let interruptedBy: StopSignal | null = null;
  let landed = false;
  const abort = (by: StopSignal) => controller.abort(interruptedError(by));
  const scope: RunScope = {
    signal: controller.signal,
    id: globalThis.crypto.randomUUID(),
    command: opts.command ?? 'distsync',
    lockWaitMs: opts.lockWaitMs ?? 0,
    get interruptedBy() {
      return interruptedBy;
    },
    get landed() {
      return landed;
    },
    onCleanup(fn) {
      const id = nextId++;
      cleanups.set(id, fn);
      return () => {
        cleanups.delete(id);
      };
    },
    async land(fn) {
      scope.throwIfInterrupted();
      landing++;
      try {
        const result = await fn();
        landed = true;
        return result;
      } finally {
        landing--;
        if (landing === 0 && pending) abort(pending);
      }
    },
    interrupt(by) {
      interruptedBy ??= by;
      if (landing > 0) pending ??= by;
      else if (!controller.signal.aborted) abort(by);
    },
    track(p) {
      inFlight.add(p);
      const done = () => inFlight.delete(p);
      p.then(done, done);
      return p;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async cleanupAll() {
      await scope.settled();
      const errors: unknown[] = [];
      for (const id of [...cleanups.keys()].reverse()) {
        const fn = cleanups.get(id)!;
        cleanups.delete(id);
        try {
          await fn();
        } catch (e) {
          errors.push(e);
        }
      }
      return errors;
    },
    throwIfInterrupted() {
      if (controller.signal.aborted) throw controller.signal.reason;
      if (interruptedBy && landing === 0) throw interruptedError(interruptedBy);
    },
  };
  return scope;
}

export function interruptedError(by: StopSignal): DistsyncError {
  return new DistsyncError('interrupted', `interrupted by ${by}`, { next: 're-run the command; nothing was changed' });
}

/** The exit code a shell expects after a signal: 128 + its number. */
export function exitCodeForSignal(by: StopSignal): number {
  return by === 'SIGINT' ? 130 : 143;
}
