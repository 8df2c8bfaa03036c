/** Lookaside checksum files: Fedora `sources`, CentOS/OpenELA `.NAME.metadata`, `checksums`. */
export type { ChecksumKind, HashAlgo, ChecksumEntry, ChecksumFile, EntryStyle } from './checksum-types.js';
export { checksumKindFor } from './checksum-kind.js';
export { hashAlgoForLength, HASH_LENGTH } from './hash-algo.js';
export { parseChecksumFile } from './parse-checksum-file.js';
export { printChecksumFile } from './print-checksum-file.js';
export { upsertChecksumEntry, removeChecksumEntry, preferredAlgo, type ChecksumUpdate } from './upsert-checksum-entry.js';
export { sourceVersion, byVersion } from './source-version.js';
