/**
 * The App's state: webhook deliveries, the job queue, and what links a
 * source-git PR to its dist-git PR and mirrored checks. SQLite is the default
 * backend (one process, its own small queue); PostgreSQL serves any number of
 * replicas, its queue run by pg-boss. Every method is async and every rule lives
 * in the contract test suite (test/store/store-contract.ts), run against both.
 */

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'superseded';
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed', 'superseded'];

export interface NewJob {
  kind: string;
  /** Jobs with the same key run one at a time, in enqueue order (one package = one key). */
  queueKey: string;
  /** Enqueuing a job drops still-queued jobs with the same supersede key (only the newest head is synced). */
  supersedeKey?: string;
  payload: unknown;
  deliveryId?: string;
  maxAttempts?: number;
  /** Not claimed before this time (epoch ms; default: now). A later job of the same queue key waits behind it, so give a delayed job a key of its own. */
  runAt?: number;
}

export interface Job {
  id: number;
  kind: string;
  queueKey: string;
  supersedeKey?: string;
  payload: unknown;
  deliveryId?: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError?: string;
  /** Epoch ms before which the job is not claimed (retry back-off); on PostgreSQL pg-boss keeps the live value, this one is the enqueue time. */
  runAt: number;
  /** Worker that claimed the job last. */
  leaseOwner?: string;
  /** SQLite: when the lease runs out unless heartbeats extend it (pg-boss tracks its own heartbeat on PostgreSQL). */
  leaseExpiresAt?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
}

/** What a worker holds after a claim: the job's id and attempt number. A later attempt (the lease expired and another worker took the job) fences out the earlier one. */
export interface JobAttempt {
  id: number;
  attempts: number;
}

/** The store's source of time (epoch ms). Tests pass one they can move; PostgreSQL hands it to pg-boss too. */
export interface StoreClock {
  now(): number;
}

export type JobOutcome =
  | { state: 'done' }
  | { state: 'failed'; error: string }
  | { state: 'superseded' }
  /** Run again later, holding the job's place in its queue key: after `delayMs`, or after the backend's exponential back-off when absent. */
  | { state: 'retry'; error: string; delayMs?: number };

export interface QueueDepth {
  queueKey: string;
  queued: number;
  running: number;
}

export interface Delivery {
  id: string;
  event: string;
  receivedAt: number;
}

export interface PrLink {
  /** "owner/name" of the source-git repo. */
  sourceRepo: string;
  sourcePr: number;
  distRepo: string;
  distPr: number;
  distBranch: string;
  /** Where the branch lives (dist-git repo or its fork). */
  headRepo: string;
  /** Source-git head sha last synced. */
  sourceHeadSha: string;
  /** Dist-git PR head sha after the last sync. */
  distHeadSha: string;
  /** Check run id of `distsync / dist-git` on the source-git head. */
  checkRunId?: number;
}

export interface MirroredCheck {
  /** Key of the original: `check_run:<id>` or `status:<context>`. */
  originKey: string;
  distRepo: string;
  sourceRepo: string;
  sourcePr: number;
  sourceHeadSha: string;
  mirrorCheckRunId: number;
  /** For check runs: the original's id (to rerequest). */
  originCheckRunId?: number;
}

/** A source-git branch synced to a dist-git branch (learned from the source-git config on each sync). */
export interface PackageRoute {
  sourceRepo: string;
  sourceBranch: string;
  distRepo: string;
  distBranch: string;
  installationId: number;
}

export interface Store {
  /**
   * Record a delivery and enqueue its jobs in one transaction; false (and nothing
   * enqueued) when the id was seen before. A crash never keeps one without the other.
   */
  acceptDelivery(d: Delivery, jobs: NewJob[]): Promise<boolean>;
  /** Deliveries recorded (received at or after `since`, epoch ms, when given). */
  countDeliveries(since?: number): Promise<number>;

  enqueue(job: NewJob): Promise<Job>;
  /**
   * Atomically claim the next runnable job for `worker`: per queue key only the
   * oldest unfinished job is a candidate; it is taken when queued and due, or again
   * once its lease expired (its worker died). Increments attempts. A job whose
   * lease expired on its last attempt fails ("lease expired") and frees its key.
   */
  claim(worker: string): Promise<Job | undefined>;
  /**
   * A worker restarted with the identity it had before a crash takes its running jobs
   * back at once instead of waiting out their leases: they become claimable now (with
   * the attempts they used; one on its last attempt fails, "lease expired"). Returns how many.
   */
  reclaim(worker: string): Promise<number>;
  /** Extend the lease of an attempt we hold; false when it is no longer ours (lease lost or finished). */
  heartbeat(job: JobAttempt): Promise<boolean>;
  /** Finish (or reschedule) an attempt we hold; false when we no longer hold it. */
  finish(job: JobAttempt, outcome: JobOutcome): Promise<boolean>;
  /** True when a newer job with the same supersede key was enqueued after this one. */
  isSuperseded(jobId: number): Promise<boolean>;
  getJob(id: number): Promise<Job | undefined>;
  /** Jobs in id order; with `limit`, only the newest that many. */
  listJobs(filter?: { state?: JobState; queueKey?: string; limit?: number }): Promise<Job[]>;
  countJobsByState(): Promise<Record<JobState, number>>;
  /** Per queue key (package) with unfinished jobs: how many are queued and running. */
  queueDepths(): Promise<QueueDepth[]>;
  /**
   * Retention: delete jobs that finished (done, superseded, failed) before `before` (epoch
   * ms) and deliveries received before it; queued and running jobs stay, however old.
   */
  pruneFinished(before: number): Promise<{ jobs: number; deliveries: number }>;

  savePrLink(link: PrLink): Promise<void>;
  getPrLinkBySource(sourceRepo: string, sourcePr: number): Promise<PrLink | undefined>;
  getPrLinkByDist(distRepo: string, distPr: number): Promise<PrLink | undefined>;
  getPrLinkByDistBranch(distRepo: string, distBranch: string): Promise<PrLink | undefined>;
  /** The link whose dist-git PR head (as last synced) is `sha`, in `repo` as the dist-git repo or as the repo its branch lives in (a fork). */
  getPrLinkByDistHead(repo: string, sha: string): Promise<PrLink | undefined>;

  saveMirroredCheck(m: MirroredCheck): Promise<void>;
  getMirroredCheck(originKey: string, sourceHeadSha: string): Promise<MirroredCheck | undefined>;
  getMirroredCheckByMirrorId(mirrorCheckRunId: number): Promise<MirroredCheck | undefined>;

  savePackageRoute(route: PackageRoute): Promise<void>;
  /** Source-git branches that sync into this dist-git branch (a push there is carried back to them). */
  getPackageRoutesByDist(distRepo: string, distBranch: string): Promise<PackageRoute[]>;
  /** The routes of one source-git repo (each names the installation that last synced it). */
  getPackageRoutesBySource(sourceRepo: string): Promise<PackageRoute[]>;

  /** Resolves when the backend answers (one trivial query): what /healthz asks, whatever the size of the tables. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The Store methods for deliveries and the job queue (each backend implements them in one file). */
export type JobMethods = Pick<
  Store,
  'acceptDelivery' | 'enqueue' | 'claim' | 'reclaim' | 'heartbeat' | 'finish' | 'isSuperseded' | 'getJob' | 'listJobs' | 'countJobsByState' | 'queueDepths' | 'pruneFinished'
>;

/** The Store methods for deliveries, PR links, mirrored checks and routes (each backend implements them in one file). */
export type LinkMethods = Pick<
  Store,
  | 'countDeliveries'
  | 'savePrLink'
  | 'getPrLinkBySource'
  | 'getPrLinkByDist'
  | 'getPrLinkByDistBranch'
  | 'getPrLinkByDistHead'
  | 'saveMirroredCheck'
  | 'getMirroredCheck'
  | 'getMirroredCheckByMirrorId'
  | 'savePackageRoute'
  | 'getPackageRoutesByDist'
  | 'getPackageRoutesBySource'
>;

/** How a store's queue treats time, leases and retries (both backends take the same knobs). */
export interface QueueOptions {
  /** Default: the system clock. */
  clock?: StoreClock;
  /** A claimed job without a heartbeat for this long is taken from its (dead) worker (default 60 s; PostgreSQL rounds up to whole seconds, at least 10). */
  leaseMs?: number;
  /** First retry back-off when a retry names no delay; doubles per attempt (default 5 s). */
  retryBaseMs?: number;
  /** Longest retry back-off (default 10 min). */
  retryMaxMs?: number;
}

export const QUEUE_DEFAULTS = { leaseMs: 60_000, retryBaseMs: 5_000, retryMaxMs: 10 * 60_000 } as const;
