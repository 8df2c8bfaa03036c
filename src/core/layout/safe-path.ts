import { DistsyncError } from '../errors.js';

/**
 * A repo-relative path we are about to write: no absolute paths, no '..'
 * segments, no NUL or control characters, no '.git' segment.
 */
export function assertSafeRelativePath(path: string, where?: string): string {
  const bad = (why: string) =>
    new DistsyncError('bad-layout', `refusing to write '${printable(path)}': ${why}`, {
      ...(where ? { file: where } : {}),
      next: 'rename the file so that it stays inside the repository',
    });
  if (path.length === 0) throw bad('empty path');
  if (/[\u0000-\u001f\u007f]/.test(path)) throw bad('control character in the name');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw bad('absolute path');
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '' || p === '.')) throw bad("'..', '.' or empty segment");
  if (parts.some((p) => p.toLowerCase() === '.git')) throw bad("'.git' segment");
  return path;
}

function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
