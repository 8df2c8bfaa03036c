import type { DirectiveRef } from './tree-types.js';
import { directiveError } from './directive-error.js';

/**
 * A path as Go's filepath.Join/Clean makes it ('a/./b' → 'a/b', 'a/../b' → 'b'); an absolute path, one
 * that climbs out of the repository, or one that reaches into .git is an error of the directive.
 */
export function cleanPath(ref: DirectiveRef, path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) throw directiveError(ref, `path '${path}' leaves the repository`, 'use a path inside the repository');
      parts.pop();
    } else parts.push(p);
  }
  const clean = parts.join('/');
  if (path.startsWith('/') || clean === '' || /[\u0000-\u001f]/.test(clean) || parts.some((p) => p.toLowerCase() === '.git')) {
    throw directiveError(ref, `path '${path}' is not a file path inside the repository`, 'use a relative path such as SOURCES/name or PATCHES/name');
  }
  return clean;
}

/** srpmproc's checkAddPrefix: 'SOURCES/' in front unless the path already starts with SOURCES/ or SPECS/. */
export function sourcesPath(ref: DirectiveRef, file: string): string {
  if (file.startsWith('SOURCES/') || file.startsWith('SPECS/')) return cleanPath(ref, file);
  return cleanPath(ref, `SOURCES/${file}`);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
