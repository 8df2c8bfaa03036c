import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/log.js';
import { createRunScope, type RunScope } from '../core/run-scope.js';
import type { RpmSandbox } from '../rpm/index.js';

/** What every use case takes: a logger, and the run's scope (cleanup registry + interrupt switch) when the caller has one. */
export interface RunDeps {
  log: Logger;
  scope?: RunScope;
  /** `--eval-with-rpm`: a probed sandbox in which real rpm evaluates the specs' `%(…)` / `%{lua:…}` (src/sync/eval-with-rpm.ts). */
  rpmSandbox?: RpmSandbox;
}

/** The caller's scope, or a private one that is never interrupted (the App, tests). */
export function scopeOf(deps: RunDeps): RunScope {
  return deps.scope ?? createRunScope();
}

export interface TempDir {
  dir: string;
  /** Remove it now (and forget the cleanup registered for it). */
  remove(): Promise<void>;
  /** Leave it in place for the user (verify --keep): no cleanup removes it any more. */
  keep(): void;
}

/** A new temp dir under the system temp dir, removed by the scope's cleanup if the run ends before `remove`. */
export async function makeTempDir(scope: RunScope, prefix: string): Promise<TempDir> {
  scope.throwIfInterrupted();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const drop = () => rm(dir, { recursive: true, force: true });
  const unregister = scope.onCleanup(drop);
  return {
    dir,
    async remove() {
      unregister();
      await scope.settled(); // no child of this run may still write in it
      await drop();
    },
    keep: unregister,
  };
}
