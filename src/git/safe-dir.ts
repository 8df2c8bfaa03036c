import { DistsyncError } from '../core/errors.js';

/** A directory inside the repo (from `-d DIR` / `pushd`), normalised: '' for the top. Refuses absolute paths and '..'. */
export function safeRepoSubdir(dir: string | undefined): string {
  if (dir === undefined) return '';
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  if (dir.startsWith('/') || dir.includes('\0') || dir.includes('\\') || parts.includes('..')) {
    throw new DistsyncError('bad-patch', `refusing patch directory '${dir}': it must stay inside the source tree`, {
      next: 'use a relative directory without .. in the spec (%patch -d / pushd)',
    });
  }
  return parts.join('/');
}
