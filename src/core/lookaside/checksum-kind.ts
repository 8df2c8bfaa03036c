import type { ChecksumKind } from './checksum-types.js';

/** 'sources' → Fedora, '.NAME.metadata' → CentOS/OpenELA, 'checksums' → checksums; a path's base name counts. */
export function checksumKindFor(fileName: string): ChecksumKind | null {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (base === 'sources') return 'fedora-sources';
  if (/^\.[^/]+\.metadata$/.test(base)) return 'centos-metadata';
  if (base === 'checksums') return 'checksums';
  return null;
}
