/** The sync state: where source-git and dist-git meet, and what each side has since. One model for every command. */
export { findSyncState, type SyncState, type SyncStateInput } from './find-sync-state.js';
export type { SyncPoint, SyncPointHow } from './find-sync-point.js';
export type { DistGitCommitKind, DistGitCommitState } from './classify-dist-git-commits.js';
export { classifyDistGitCommits } from './classify-dist-git-commits.js';
export { readHistory, type HistoryCommit } from './history.js';
export { readSourceGitFacts, type SourceGitFacts } from './source-git-facts.js';
export { refuseToClobber } from './refuse-to-clobber.js';
export { sourceMovedBeyondHandCommits } from './source-moved.js';
