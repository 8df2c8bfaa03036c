import type { Interrupt } from '../core/run-scope.js';
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { runProcess, toolEnv } from '../git/index.js';
import { findBuildDir } from './find-build-dir.js';
import { findRpmbuild } from './find-rpmbuild.js';
import { parsePrepLog, type AppliedPatch } from './parse-prep-log.js';

export interface PrepResult {
  topDir: string;
  /** The directory %setup created, e.g. BUILD/lz4-1.9.3. */
  buildDir: string;
  /** rpmbuild's stdout and stderr, interleaved as printed. */
  log: string;
  patchesApplied: PrepPatch[];
}

/** One patch %prep applied, in order. */
export interface PrepPatch {
  file: string;
  /** N of Patch #N (%patch only). */
  number?: number;
  strip?: number;
  /** Where patch ran, relative to buildDir ('' = buildDir itself), when the trace shows it. */
  dir?: string;
  /** The `-d DIR` argument as written, if any. */
  dashD?: string;
  reverse?: boolean;
  /** All arguments given to patch. */
  args: string[];
}

export interface RunPrepOptions {
  specPath: string;
  /** All sources and patches. */
  sourceDir: string;
  /** Extra macros, e.g. [['dist', '.el9'], ['rhel', '9']] for el specs. */
  defines?: [string, string][];
  /** --target, e.g. s390x. */
  target?: string;
  /** The %setup directory name, when the caller knows it. */
  expectedDirName?: string;
  /** Empty temp dir the caller owns (and removes). */
  workDir: string;
  timeoutMs?: number;
  /** The run's interrupt switch: rpmbuild is stopped when it aborts. */
  interrupt?: Interrupt;
}

/**
 * `rpmbuild -bp --nodeps` in workDir. SECURITY: rpm runs code while it parses
 * a spec (%(…), %{lua:…}) and %prep is a shell script: only call this on specs
 * the user trusts (their own checkout in the CLI). The App must never call it
 * on a spec taken from a pull request outside a sandbox; callers decide.
 */
export async function runPrep(opts: RunPrepOptions): Promise<PrepResult> {
  const rpmbuild = await findRpmbuild();
  const topDir = resolve(opts.workDir);
  const sourceDir = resolve(opts.sourceDir);
  const buildRoot = join(topDir, 'BUILD');
  await mkdir(join(topDir, 'tmp'), { recursive: true });
  await mkdir(buildRoot, { recursive: true });
  const defines: [string, string][] = [
    ['_topdir', topDir],
    ['_sourcedir', sourceDir],
    ['_builddir', buildRoot],
    ['_tmppath', join(topDir, 'tmp')],
    ['_buildshell', '/bin/bash'],
    ...(opts.defines ?? []),
  ];
  const args = ['-bp', '--nodeps', ...defines.flatMap(([k, v]) => ['--define', defineArg(k, v)])];
  if (opts.target) args.push('--target', checkTarget(opts.target));
  args.push(resolve(opts.specPath));
  // sh merges stderr (the set -x trace) into stdout so the log keeps its order; arguments stay positional.
  const res = await runProcess('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', rpmbuild, ...args], {
    cwd: topDir,
    env: toolEnv(),
    maxBuffer: 64 * 1024 * 1024,
    timeoutMs: opts.timeoutMs ?? 15 * 60 * 1000,
    ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
  });
  if (res.aborted) throw opts.interrupt?.signal.reason;
  const log = res.stdout.toString('utf8');
  if (res.code !== 0 || res.spawnError) {
    const tail = log.trimEnd().split('\n').slice(-30).join('\n');
    throw new DistsyncError('prep-failed', `rpmbuild -bp failed${res.timedOut ? ' (timed out)' : ''} for ${opts.specPath}:\n${tail || res.spawnError?.message || ''}`, {
      file: opts.specPath,
      next: `check that every Source and Patch is in ${sourceDir} and that %prep's tools are installed; reproduce with: rpmbuild -bp --nodeps ${args.slice(2).map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`,
    });
  }
  const buildDir = await findBuildDir(buildRoot, opts.expectedDirName);
  const patchesApplied = parsePrepLog(log, sourceDir).map((p) => toPrepPatch(p, buildDir));
  return { topDir, buildDir, log, patchesApplied };
}

function toPrepPatch({ dir, ranIn, ...rest }: AppliedPatch, buildDir: string): PrepPatch {
  return { ...rest, ...(dir !== undefined ? { dashD: dir } : {}), ...(ranIn !== undefined ? { dir: relative(buildDir, ranIn) } : {}) };
}

function defineArg(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /[\n\0]/.test(value)) {
    throw new DistsyncError('usage', `invalid macro definition ${name}`, { next: 'macro names are letters, digits and _; values are one line' });
  }
  return `${name} ${value}`;
}

/** An rpm target: ARCH or ARCH-VENDOR-OS (x86_64, s390x, aarch64-redhat-linux); refused before anything runs. */
export function checkTarget(target: string): string {
  if (!/^[A-Za-z0-9_]+(?:-[A-Za-z0-9_.]+){0,3}$/.test(target)) {
    throw new DistsyncError('usage', `invalid --target '${target}': an rpm target is an arch (x86_64, s390x) or arch-vendor-os`, { next: 'pass an arch such as x86_64 or s390x' });
  }
  return target;
}
