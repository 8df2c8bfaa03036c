/**
 * Patches: commit ⇄ patch file, trailers, naming, "same patch?".
 * (group-patch-commits.ts and rfc2822-date.ts are imported directly; group-patch-commits imports this index.)
 */
export type { PatchFormat, PatchAuthor, ParsedPatch, PatchFileChange } from './patch-types.js';
export { parsePatch } from './parse-patch.js';
export { stripPath } from './strip-path.js';
export { stripOfPatch, basenameStrip, type StripOfStep } from './basename-strip.js';
export { patchContentId } from './patch-content-id.js';
export { scanDiff, type DiffSection, type ScannedDiff } from './scan-diff.js';
export {
  parseCommitMessage,
  formatCommitMessage,
  getTrailer,
  withTrailers,
  filterTrailers,
  type CommitMessage,
  type Trailer,
} from './commit-message.js';
export {
  readPatchTrailers,
  stripDistsyncTrailers,
  isDistsyncTrailerKey,
  DISTSYNC_TRAILER_KEYS,
  type PatchTrailers,
} from './patch-trailers.js';
export { validatePatchName, patchFileNameFor, sanitizeSubject, gitTitle } from './patch-name.js';
export { renderMboxPatch, renderMboxPatchParts, type MboxPatchInput } from './render-mbox.js';
export { sameBytes } from './same-bytes.js';
export { decodeRfc2047, encodeRfc2047 } from './rfc2047.js';
export { isCrlfMangled } from './crlf-mangled.js';
export { hunkBodies, sameHunkBodies } from './hunk-bodies.js';
