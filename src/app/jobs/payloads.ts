/** Job payloads: plain JSON, everything a worker needs to redo the job from scratch. */
export interface SyncPrPayload {
  installationId: number;
  sourceRepo: string;
  pr: number;
  /** The PR head to sync; with `merged`, the commit its merge made on the base branch. */
  headSha: string;
  baseRef: string;
  /** The source-git PR was merged by someone (any method) while its dist-git PR is open: bring that PR to what the merged base makes. */
  merged?: boolean;
}

export interface ClosePrPayload {
  installationId: number;
  sourceRepo: string;
  pr: number;
}

export interface CommandPayload {
  installationId: number;
  repo: string;
  issue: number;
  isPull: boolean;
  commentId: number;
  user: string;
  /** The raw comment body (the job parses it again; it is never run). */
  body: string;
}

export interface MirrorChecksPayload {
  installationId: number;
  distRepo: string;
  distSha: string;
  sourceRepo: string;
  sourcePr: number;
}

export interface RerequestPayload {
  installationId: number;
  sourceRepo: string;
  mirrorCheckRunId: number;
}

export interface MergePayload {
  installationId: number;
  sourceRepo: string;
  pr: number;
  /** Where to report when nothing is merged. */
  reason: 'command' | 'approval';
}

export interface DistMergedPayload {
  installationId: number;
  sourceRepo: string;
  pr: number;
}

/** propose-downstream's dist-git "Update to X" PR merged by someone: publish its source-git PR (merge-proposal.ts). */
export interface ProposalDistMergedPayload {
  installationId: number;
  sourceRepo: string;
  version: string;
}

export interface SyncBackPayload {
  installationId: number;
  sourceRepo: string;
  sourceBranch: string;
  distRepo: string;
  distBranch: string;
  /** The push: dist-git commits before..after are carried back; without them (`/distsync sync-back`), those made since the last sync point up to the branch head. */
  before?: string;
  after?: string;
}

export interface ProposeDownstreamPayload {
  installationId: number;
  sourceRepo: string;
  /** A release or a tag push names the tag; `/distsync propose-downstream` a version or nothing (the newest tag). */
  trigger: 'release' | 'tag' | 'command';
  tag?: string;
  version?: string;
  /** The release is on this separate upstream repository (its upstream_project_url): the tag is fetched from there. */
  upstreamRepo?: string;
}

export interface OpenpatchRebuildPayload {
  installationId: number;
  /** The rebuild dist-git (holds .distsync/openpatch.yaml and the directives). */
  rebuildRepo: string;
  branch: string;
  trigger: 'push' | 'command';
  /** The issue or PR of a `/distsync rebuild` command, answered when the job ends. */
  issue?: number;
}

/** A CI result on a dist-git PR head on a Forgejo/GitLab host (a webhook or the poll): mirror that head's commit statuses. */
export interface MirrorDistCiPayload {
  installationId: number;
  /** `<host>/<path>`, as the PR link names it. */
  distRepo: string;
  distSha: string;
  sourceRepo: string;
  sourcePr: number;
}

/** Poll the CI of a linked dist-git PR on a host without a webhook secret; the chain re-enqueues itself with back-off. */
export interface PollDistCiPayload {
  installationId: number;
  sourceRepo: string;
  sourcePr: number;
  /** What the previous round saw (head sha + statuses); undefined on the first round. */
  seen?: string;
  /** The wait before this round; the next is doubled when nothing changed, reset when something did. */
  intervalMs: number;
  round: number;
}
