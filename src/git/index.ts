export { createGit, gitEnv, GIT_CONFIG_ARGS, type Git, type GitLogger, type GitRunOptions, type CreateGitOptions } from './git.js';
export { gitError, firstErrorLine } from './git-error.js';
export { redact } from './redact.js';
export { runProcess, type ProcessOptions, type ProcessResult } from './run-process.js';
export { hostEnv, toolEnv } from './host-env.js';
export { isRepo, repoGitDir } from './is-repo.js';
export { initRepo } from './init-repo.js';
export { resolveRef, headSha } from './resolve-ref.js';
export { isClean, assertClean, dirtyPaths } from './is-clean.js';
export { listFileModes, listFiles } from './list-files.js';
export { readBlob } from './read-blob.js';
export { readBlobs } from './read-blobs.js';
export { objectIds } from './object-ids.js';
export {
  commitAll,
  commitAllDetailed,
  commitTree,
  UNKNOWN_AUTHOR,
  FALLBACK_COMMITTER,
  type Ident,
  type CommitAllOptions,
  type CommitResult,
} from './commit-all.js';
export { tag, createBranch, checkout } from './refs.js';
export { listCommits, describeCommits, type CommitInfo } from './list-commits.js';
export { diffsForRange, diffsForRangeRaw, diffsForCommits } from './diffs-for-range.js';
export { commitsWithDiffs } from './commits-with-diffs.js';
export { listLinearCommits } from './list-linear-commits.js';
export { commitGraph, type GraphCommit } from './commit-graph.js';
export { diffBetween, diffBetweenRaw, type DiffBetweenOptions } from './diff-between.js';
export { DIFF_ARGS, pathspecArgs, uniqueMarker } from './diff-args.js';
export { applyPatch, trimOutput, type ApplyPatchOptions, type ApplyPatchResult } from './apply-patch.js';
export { amPatch, type AmPatchOptions } from './am-patch.js';
export { applyToTree } from './apply-to-tree.js';
export { safeRepoSubdir } from './safe-dir.js';
export { readTreeFiles, type TreeFileBytes } from './read-tree-files.js';
export { commitTreeFiles } from './commit-tree-files.js';
export { gnuPatchReproduces } from './gnu-patch-reproduces.js';
export { commitOfTag, refKind, tagsAt, type RefKind } from './ref-kind.js';
export { buildTree, type TreeChanges } from './build-tree.js';
export { updateRef } from './update-ref.js';
export { checkoutTree, restoreCheckout } from './checkout-tree.js';
export { lockRepo, LOCK_FILE, type LockHolder } from './repo-lock.js';
export { fastForward } from './fast-forward.js';
