export { findRpmbuild } from './find-rpmbuild.js';
export { runPrep, checkTarget, type PrepResult, type PrepPatch, type RunPrepOptions } from './run-prep.js';
export { parsePrepLog, type AppliedPatch } from './parse-prep-log.js';
export { findBuildDir } from './find-build-dir.js';
export { shellWords } from './shell-words.js';
export { probeSandbox, type RpmSandbox } from './probe-sandbox.js';
export { evalCodeMacros, type EvalCodeMacrosRequest } from './eval-code-macros.js';
export { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-limits.js';
