import type { ChecksumEntry, ChecksumFile } from './checksum-types.js';
import { fedoraTag } from './hash-algo.js';

/** Print a checksum file; print(parse(t)) === t for well-formed input. */
export function printChecksumFile(f: ChecksumFile): string {
  const lines: string[] = [];
  for (const e of f.entries) {
    lines.push(...(e.style?.blankBefore ?? []));
    lines.push(printEntry(f, e));
  }
  lines.push(...(f.blankAfter ?? []));
  if (lines.length === 0) return '';
  return lines.join(f.eol) + (f.finalEol === false ? '' : f.eol);
}

export function printEntry(f: Pick<ChecksumFile, 'kind'>, e: ChecksumEntry): string {
  const tagged = e.style?.tagged ?? (f.kind === 'fedora-sources');
  if (tagged) return `${fedoraTag(e.algo)} (${e.path}) = ${e.hash}`;
  return `${e.hash}${e.style?.sep ?? ' '}${e.path}`;
}
