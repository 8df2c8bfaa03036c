import type { Job, JobState, MirroredCheck, PrLink } from './types.js';

/** Row shapes as SQLite returns them, and their mapping to domain objects. */
export interface JobRow {
  id: number;
  kind: string;
  queue_key: string;
  supersede_key: string | null;
  payload: string;
  delivery_id: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export function jobFromRow(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    queueKey: r.queue_key,
    payload: JSON.parse(r.payload) as unknown,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: r.run_at,
    createdAt: r.created_at,
    ...(r.supersede_key !== null ? { supersedeKey: r.supersede_key } : {}),
    ...(r.delivery_id !== null ? { deliveryId: r.delivery_id } : {}),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    ...(r.lease_owner !== null ? { leaseOwner: r.lease_owner } : {}),
    ...(r.lease_expires_at !== null ? { leaseExpiresAt: r.lease_expires_at } : {}),
    ...(r.started_at !== null ? { startedAt: r.started_at } : {}),
    ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
  };
}

export interface PrLinkRow {
  source_repo: string;
  source_pr: number;
  dist_repo: string;
  dist_pr: number;
  dist_branch: string;
  head_repo: string;
  source_head_sha: string;
  dist_head_sha: string;
  check_run_id: number | null;
}

export function prLinkFromRow(r: PrLinkRow): PrLink {
  return {
    sourceRepo: r.source_repo,
    sourcePr: r.source_pr,
    distRepo: r.dist_repo,
    distPr: r.dist_pr,
    distBranch: r.dist_branch,
    headRepo: r.head_repo,
    sourceHeadSha: r.source_head_sha,
    distHeadSha: r.dist_head_sha,
    ...(r.check_run_id !== null ? { checkRunId: r.check_run_id } : {}),
  };
}

export interface MirroredCheckRow {
  origin_key: string;
  source_head_sha: string;
  dist_repo: string;
  source_repo: string;
  source_pr: number;
  mirror_check_run_id: number;
  origin_check_run_id: number | null;
}

export function mirroredCheckFromRow(r: MirroredCheckRow): MirroredCheck {
  return {
    originKey: r.origin_key,
    sourceHeadSha: r.source_head_sha,
    distRepo: r.dist_repo,
    sourceRepo: r.source_repo,
    sourcePr: r.source_pr,
    mirrorCheckRunId: r.mirror_check_run_id,
    ...(r.origin_check_run_id !== null ? { originCheckRunId: r.origin_check_run_id } : {}),
  };
}
