import type { Logger } from '../core/log.js';
import type { Forge } from '../forge/types.js';
import type { Store } from '../store/types.js';
import type { LookasideStore } from '../lookaside/index.js';
import type { WorkspaceDeps } from '../git/git-workspace.js';
import type { updateDistGit } from '../sync/update-dist-git.js';
import type { updateSourceGit } from '../sync/update-source-git.js';
import type { proposeDownstream } from '../sync/propose-downstream.js';
import type { ForgeHostsSetting } from './forge-hosts-file.js';
import type { RpmSandbox } from '../rpm/index.js';

/** The sync engine's use cases the jobs call (src/sync/), passed in like every other dependency. */
export interface Engine {
  updateDistGit: typeof updateDistGit;
  updateSourceGit: typeof updateSourceGit;
  proposeDownstream: typeof proposeDownstream;
}

/** Everything the App's handlers and jobs use, passed in (tests hand in a temp SQLite file and local git remotes). */
export interface AppDeps {
  store: Store;
  log: Logger;
  now: () => number;
  workspace: WorkspaceDeps;
  engine: Engine;
  /** Root of the local lookaside propose-downstream uploads tarballs to (`distsync.lookaside.dir` is relative to it). */
  lookasideDir: string;
  /**
   * The operator's lookaside store (DISTSYNC_LOOKASIDE: fedora+https://, s3://, git+…, with
   * credentials from the App's environment), opened per job with the job's installation token
   * (used for a git lookaside on the App's git host only). Unset: the local directory.
   */
  lookasideStore?: (auth: { token: string }) => LookasideStore;
  /** Attempts per job before it fails for good (default: the Store's). */
  jobMaxAttempts?: number;
  /** Our bot's login, e.g. "distsync[bot]": its own comments never trigger it. */
  botLogin: string;
  /** Where links in PR bodies and check runs point, e.g. https://github.com */
  webBaseUrl: string;
  /** Dist-git hosts besides the App's GitHub (DISTSYNC_FORGES_FILE and their tokens); none when unset. */
  forgeHosts?: ForgeHostsSetting;
  /**
   * DISTSYNC_EVAL_WITH_RPM=1 and the startup probe made a sandbox: real rpm evaluates the specs' %(…) / %{lua:…}
   * in it. Unset: never (rpm is never run on a pull request's spec outside a sandbox).
   */
  rpmSandbox?: RpmSandbox;
}

export type ForgeFor = (installationId: number) => Promise<Forge>;

/** Name of the dist-git branch a source-git PR syncs into. */
export function distBranchFor(sourceRepo: string, pr: number): string {
  const name = sourceRepo.split('/')[1] ?? sourceRepo;
  return `distsync/sg-${name}-${pr}`;
}

export const SYNC_CHECK_NAME = 'distsync / dist-git';
export const proposeCheckName = (distBranch: string) => `distsync / propose-downstream (${distBranch})`;
export const MIRROR_PREFIX = 'dist-git / ';

/** Jobs of one package (one source-git repo) run one at a time. */
export function queueKeyFor(sourceRepo: string): string {
  return `pkg:${sourceRepo}`;
}
