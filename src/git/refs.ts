import { DistsyncError } from '../core/errors.js';
import type { Git } from './git.js';
import { resolveRef } from './resolve-ref.js';

function checkName(kind: string, name: string): void {
  if (name === '' || name.startsWith('-') || /[\0\s~^:?*[\\]|\.\.|@\{/.test(name)) {
    throw new DistsyncError('usage', `'${name}' is not a valid ${kind} name`, { next: `pick another ${kind} name (see git check-ref-format)` });
  }
}

/** Lightweight tag `name` at `sha`; a no-op when it already points there, an error when it points elsewhere (unless force). */
export async function tag(git: Git, name: string, sha: string, opts: { force?: boolean } = {}): Promise<void> {
  checkName('tag', name);
  const existing = await git.run(['rev-parse', '--verify', '-q', `refs/tags/${name}^{commit}`], { allowFail: true });
  const target = await resolveRef(git, sha);
  if (existing.code === 0 && !opts.force) {
    if (existing.stdout.trim() === target) return;
    throw new DistsyncError('git-failed', `tag ${name} already exists at ${existing.stdout.trim().slice(0, 12)} (wanted ${target.slice(0, 12)})`, {
      next: `delete or rename it (git -C ${git.cwd} tag -d ${name}), then re-run`,
    });
  }
  await git.run(['tag', ...(opts.force ? ['-f'] : []), name, target]);
}

/** Branch `name` at `startPoint` (`git branch [-f]`); the work tree is not touched. */
export async function createBranch(git: Git, name: string, startPoint: string, opts: { force?: boolean } = {}): Promise<void> {
  checkName('branch', name);
  const target = await resolveRef(git, startPoint);
  await git.run(['branch', ...(opts.force ? ['-f'] : []), name, target]);
}

/** `git checkout <ref>`; with `create`, `git checkout -B <create> <ref>`. */
export async function checkout(git: Git, ref: string, opts: { create?: string } = {}): Promise<void> {
  if (ref.startsWith('-')) throw new DistsyncError('ref-not-found', `'${ref}' is not a valid ref name`, { next: 'pass a branch, tag or commit id' });
  if (opts.create !== undefined) {
    checkName('branch', opts.create);
    await git.run(['checkout', '-q', '-B', opts.create, ref, '--']);
  } else {
    await git.run(['checkout', '-q', ref, '--']);
  }
}
