import { rpmvercmp } from '../spec/rpmvercmp.js';

const ARCHIVE = /\.(tar\.(gz|xz|bz2|zst|lz|lzma|Z)|tgz|tbz2|txz|tar|zip|gem|crate)$/;

/** The version in a source file name `NAME-VERSION.ext` (e.g. lz4-1.9.4.tar.gz → 1.9.4), or undefined. */
export function sourceVersion(pkg: string, file: string): string | undefined {
  if (!file.startsWith(`${pkg}-`) || !ARCHIVE.test(file)) return undefined;
  const v = file.slice(pkg.length + 1).replace(ARCHIVE, '');
  return /^\d/.test(v) ? v : undefined;
}

/** Source files in version order (rpm's), files without a version last by name. */
export function byVersion<T extends { file: string }>(pkg: string, items: T[]): T[] {
  return [...items].sort((a, b) => {
    const va = sourceVersion(pkg, a.file);
    const vb = sourceVersion(pkg, b.file);
    if (va !== undefined && vb !== undefined) return rpmvercmp(va, vb) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
    if (va !== undefined) return -1;
    if (vb !== undefined) return 1;
    return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  });
}
