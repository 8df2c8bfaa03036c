/**
 * The spec file model: lossless parse -> read / evaluate / edit -> print.
 * Pure: no fs, no processes, no clock. Safe on untrusted specs (nothing is executed).
 */
export type * from './types.js';
export { parseSpec, printSpec } from './document.js';
export { listTags, getTag } from './tags.js';
export { expandMacros, isLineActive } from './macros.js';
export { analysePrep } from './prep.js';
export { addPatch, type NewPatch } from './add-patch.js';
export { addPatches } from './add-patches.js';
export { removePatch } from './remove-patch.js';
export { setTagValue, setVersion } from './set-tag.js';
export { resetRelease, bumpRelease } from './release.js';
export { addChangelogEntry, appendToNewestChangelogEntry, getChangelogEntries, formatChangelogEntry, changelogDate, type ChangelogEntry } from './changelog.js';
export { rpmvercmp } from './rpmvercmp.js';
export { restorePatchTags, type RestoredTag } from './restore-patch-tags.js';
export { newPatchSlot, type NewPatchSlot } from './new-patch-slot.js';
export { tagFileName } from './tag-file-name.js';
export { codeMacrosOf, runsCode, type CodeMacros, type UnsentCodeMacro } from './code-macros.js';
