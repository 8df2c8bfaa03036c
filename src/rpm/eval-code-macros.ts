import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Interrupt } from '../core/run-scope.js';
import type { RpmSandbox } from './probe-sandbox.js';
import { checkTarget } from './run-prep.js';
import { runSandboxed } from './run-sandboxed.js';
import { sandboxArgs } from './sandbox-args.js';

export interface EvalCodeMacrosRequest {
  /** The spec as distsync read it (e.g. the committed blob) and its path, for messages and its file name. */
  specText: string;
  specPath: string;
  /** The dist-git checkout, shown read-only at /distsync/dist-git; `%{_sourcedir}`/`%{_specdir}` point into it. */
  repoDir?: string;
  /** Where sources live inside repoDir ('' = its root, 'SOURCES' for the SPECS+SOURCES layout). */
  sourceSubdir?: string;
  /** `%(…)` / `%{lua:…}` texts to evaluate after rpm has read the whole spec (one that spans lines too, as rpm stores it). */
  texts: readonly string[];
  defines?: Record<string, string>;
  target?: string;
  interrupt?: Interrupt;
}

const REPO = '/distsync/dist-git';
const SPEC_DIR = '/distsync/spec';

/**
 * Real rpm's value of each text, computed inside the sandbox: `rpmspec --shell
 * SPEC` reads the spec (running its %(…) and %{lua:…} there, with /bin/sh =
 * bash as on EL) and then expands each text with the macros in force at the
 * end of the spec. Throws rpm-eval-failed naming the spec and the limit hit.
 */
export async function evalCodeMacros(sandbox: RpmSandbox, req: EvalCodeMacrosRequest): Promise<Record<string, string>> {
  if (req.texts.length === 0) return {};
  const work = await mkdtemp(join(tmpdir(), 'distsync-rpm-eval-'));
  try {
    const specName = basename(req.specPath) || 'package.spec';
    await writeFile(join(work, specName), req.specText);
    const readOnly: [string, string][] = [[work, SPEC_DIR]];
    if (req.repoDir) readOnly.push([req.repoDir, REPO]);
    const args = await sandboxArgs({ readOnly, shIsBash: true }, sandbox.limits);
    const sources = req.repoDir ? posix.join(REPO, req.sourceSubdir ?? '') : SPEC_DIR;
    const defines: [string, string][] = [
      ['_topdir', '/tmp/rpmbuild'],
      ['_sourcedir', sources],
      ['_specdir', req.repoDir ? posix.join(REPO, posix.dirname(req.specPath)) : SPEC_DIR],
      ...Object.entries(req.defines ?? {}),
    ];
    const cmd = [sandbox.rpmspec, '--shell', ...defines.flatMap(([k, v]) => ['--define', `${k} ${v}`])];
    if (req.target) cmd.push('--target', checkTarget(req.target));
    cmd.push(posix.join(SPEC_DIR, specName));
    const nonce = randomBytes(12).toString('hex');
    // %{nil} keeps the marker out of the shell's echo of its input: only expanded lines carry it whole
    const input = req.texts.map((t, i) => `@@%{nil}${nonce}:${i}@@${oneInputLine(t)}@@%{nil}${nonce}@@\n`).join('');
    const { limits } = sandbox;
    const res = await runSandboxed(sandbox.bwrap, { ...args, cmd }, { input, timeoutMs: limits.timeoutMs, outputBytes: limits.outputBytes, ...(req.interrupt ? { interrupt: req.interrupt } : {}) });
    if (res.aborted) throw req.interrupt?.signal.reason;
    const values = parseValues(res.stdout, nonce, req.texts);
    if (res.timedOut || res.overflow || res.code !== 0 || Object.keys(values).length !== req.texts.length) throw failure(req, res, limits);
    return values;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The shell reads its input a line at a time: a text that spans lines goes to rpm.expand() from
 * Lua (whose body rpm does not expand first) as a string of decimal escapes, so none of its
 * newlines, quotes, braces or % reach the line rpm reads; rpm expands the very text, newlines included.
 */
function oneInputLine(text: string): string {
  if (!/[\r\n]/.test(text)) return text;
  let lua = '';
  for (const byte of Buffer.from(text, 'utf8')) lua += SAFE.test(String.fromCharCode(byte)) && byte < 128 ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  return `%{lua:print(rpm.expand("${lua}"))}`;
}

const SAFE = /^[A-Za-z0-9 _.,:=+/-]$/;

function parseValues(stdout: string, nonce: string, texts: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const re = new RegExp(`@@${nonce}:(\\d+)@@([\\s\\S]*?)@@${nonce}@@`, 'g');
  for (const m of stdout.matchAll(re)) {
    const text = texts[Number(m[1])];
    if (text !== undefined && !Object.hasOwn(out, text)) out[text] = m[2]!;
  }
  return out;
}

function failure(req: EvalCodeMacrosRequest, res: Awaited<ReturnType<typeof runSandboxed>>, limits: RpmSandbox['limits']): DistsyncError {
  const tail = res.stderr.trim().split('\n').slice(-8).join('\n');
  const why = res.timedOut
    ? `did not finish within ${limits.timeoutMs / 1000} s (wall-clock limit; killed)`
    : res.overflow
      ? `printed more than ${limits.outputBytes} bytes (output limit; killed)`
      : res.spawnError
        ? `could not start (${res.spawnError.message})`
        : res.code !== 0
          ? `failed (exit code ${res.code}; memory limit ${limits.memoryBytes} bytes, CPU limit ${limits.cpuSeconds} s)${tail ? `:\n${tail}` : ''}`
          : `gave no value for some %(…) / %{lua:…}${tail ? `:\n${tail}` : ''}`;
  return new DistsyncError('rpm-eval-failed', `--eval-with-rpm: rpmspec in the sandbox ${why}, reading ${req.specPath}`, {
    file: req.specPath,
    next: 'look at the %(…) / %{lua:…} code in the spec (it runs without network, with a read-only tree, a private /tmp and these limits); or run without --eval-with-rpm and write the value literally',
  });
}
