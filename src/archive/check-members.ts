import { posix } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { TarEntry } from './list-tarball.js';
import { stripName } from './tar-names.js';

function refuse(file: string, why: string): DistsyncError {
  return new DistsyncError('bad-layout', `refusing to unpack ${file}: ${why}`, {
    file,
    next: 'the archive could write outside the source tree; check where it came from and use a clean upstream tarball',
  });
}

function escapes(path: string): boolean {
  const n = posix.normalize(path);
  return posix.isAbsolute(path) || n === '..' || n.startsWith('../');
}

/** Throws unless every member (after stripping) stays inside the destination: no absolute or '..' names, no links leaving the tree, no devices. */
export function checkMembers(file: string, entries: TarEntry[], strip: number): void {
  for (const e of entries) {
    if (e.name.startsWith('/')) throw refuse(file, `member ${e.name} has an absolute path`);
    if (e.name.split('/').includes('..')) throw refuse(file, `member ${e.name} contains '..'`);
    if (e.type === 'other') throw refuse(file, `member ${e.name} is a device, fifo or other special file`);
    const name = stripName(e.name, strip);
    if (name === null) continue;
    if (e.type === 'symlink') {
      const target = e.linkTarget ?? '';
      if (target === '' || posix.isAbsolute(target) || escapes(posix.join(posix.dirname(name), target))) {
        throw refuse(file, `symlink ${e.name} -> ${target} points outside the tree`);
      }
    }
    if (e.type === 'hardlink') {
      const target = e.linkTarget ?? '';
      if (posix.isAbsolute(target) || target.split('/').includes('..') || stripName(target, strip) === null) {
        throw refuse(file, `hard link ${e.name} -> ${target} points outside the tree`);
      }
    }
  }
}
