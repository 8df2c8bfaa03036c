import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';
import { toolEnv } from './host-env.js';
import { runProcess } from './run-process.js';
import { safeRepoSubdir } from './safe-dir.js';

export interface ApplyPatchOptions {
  /** -pN */
  strip: number;
  /** Directory (relative to the top of the repo) the patch is applied in, as %patch -d / pushd do. */
  directory?: string;
}

export interface ApplyPatchResult {
  method: 'git-apply' | 'gnu-patch';
}

/**
 * Apply a patch file to the work tree and the index, bytes kept exactly (CRLF
 * too). First `git apply --index` (atomic); when git refuses the patch, GNU
 * `patch` with rpm's %patch settings (--fuzz=0, checked with --dry-run first
 * so a failure leaves the tree as it was), then everything is staged.
 * `git apply --directory=D -pN` strips N components, then prepends D: the same
 * as `patch -d D -pN`.
 */
export async function applyPatch(git: Git, patchText: Buffer | string, opts: ApplyPatchOptions): Promise<ApplyPatchResult> {
  const dir = safeRepoSubdir(opts.directory);
  const strip = checkStrip(opts.strip);
  const applied = await git.run(['apply', '--index', `-p${strip}`, ...(dir ? [`--directory=${dir}`] : []), '--whitespace=nowarn', '-'], {
    input: patchText,
    allowFail: true,
  });
  if (applied.code === 0) return { method: 'git-apply' };
  const gnu = await gnuPatch(git, patchText, strip, dir);
  if (gnu.ok) return { method: 'gnu-patch' };
  throw new DistsyncError('bad-patch', `the patch does not apply (-p${strip}${dir ? ` in ${dir}/` : ''}).\n  git apply: ${trimOutput(applied.stderr)}\n  GNU patch: ${trimOutput(gnu.output)}`, {
    next: 'refresh the patch against the current sources (or fix -pN / the directory in %prep), then re-run',
  });
}

function checkStrip(strip: number): number {
  if (!Number.isInteger(strip) || strip < 0 || strip > 64) {
    throw new DistsyncError('bad-patch', `invalid strip level -p${strip}`, { next: 'use %patch -pN with a small N' });
  }
  return strip;
}

export function trimOutput(text: string, maxLines = 6, maxChars = 600): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const first = lines.find((l) => /^(fatal|error):/.test(l));
  const picked = first ? [first, ...lines.filter((l) => l !== first)] : lines;
  const shown = picked.slice(0, maxLines).join('\n    ');
  return (shown.length > maxChars ? `${shown.slice(0, maxChars)}…` : shown) || '(no output)';
}

/** GNU patch as rpm runs it, then stage what changed (files the patch created under .gitignore'd names too). */
async function gnuPatch(git: Git, patchText: Buffer | string, strip: number, dir: string): Promise<{ ok: boolean; output: string }> {
  const tmp = await mkdtemp(join(tmpdir(), 'distsync-patch-'));
  try {
    const file = join(tmp, 'input.patch');
    await writeFile(file, patchText);
    const cwd = dir ? join(git.cwd, dir) : git.cwd;
    const base = [`-p${strip}`, '-d', cwd, '--no-backup-if-mismatch', '-F', '0', '-f', '-s', '--reject-file=-', '-i', file];
    const run = async (extra: string[]) => {
      const res = await runProcess('patch', [...extra, ...base], { cwd: git.cwd, env: toolEnv(), maxBuffer: 16 * 1024 * 1024, ...(git.interrupt ? { interrupt: git.interrupt } : {}) });
      if (res.aborted) throw git.interrupt?.signal.reason;
      return res;
    };
    const dry = await run(['--dry-run']);
    if (dry.spawnError) return { ok: false, output: `cannot run patch: ${dry.spawnError.message} (install GNU patch)` };
    if (dry.code !== 0) return { ok: false, output: dry.stdout.toString('utf8') + dry.stderr };
    const ignoredBefore = await ignoredFiles(git);
    const real = await run([]);
    if (real.code !== 0) {
      throw new DistsyncError('bad-patch', `GNU patch failed after a clean --dry-run: ${trimOutput(real.stdout.toString('utf8') + real.stderr)}`, {
        next: `the work tree may be half patched: git -C ${git.cwd} reset --hard && git -C ${git.cwd} clean -fd, then fix the patch`,
      });
    }
    await git.run(['add', '-A', '--', '.']);
    const created = [...(await ignoredFiles(git))].filter((f) => !ignoredBefore.has(f));
    if (created.length > 0) await git.run(['add', '-f', '--pathspec-from-file=-', '--pathspec-file-nul'], { input: created.join('\0') });
    return { ok: true, output: '' };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function ignoredFiles(git: Git): Promise<Set<string>> {
  const res = await git.run(['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=all']);
  return new Set(res.stdout.split('\0').filter((r) => r.startsWith('!! ')).map((r) => r.slice(3)));
}

