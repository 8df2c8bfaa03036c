export { findRpmbuild } from './find-rpmbuild.js';
export { runPrep, checkTarget, type PrepResult, type PrepPatch, type RunPrepOptions } from './run-prep.js';
export { parsePrepLog, type AppliedPatch } from './parse-prep-log.js';
export { findBuildDir } from './find-build-dir.js';
export { shellWords } from './shell-words.js';
