/**
 * The App's state: webhook deliveries, the job queue, and what links a
 * source-git PR to its dist-git PR and mirrored checks. SQLite is the default
 * backend; a PostgreSQL backend implements the same interface later, so every
 * method is async and every rule lives in the contract test suite
 * (test/store/store-contract.ts).
 */

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'superseded';

export interface NewJob {
  kind: string;
  /** Jobs with the same key run one at a time, in enqueue order (one package = one key). */
  queueKey: string;
  /** Enqueuing a job drops still-queued jobs with the same supersede key (only the newest head is synced). */
  supersedeKey?: string;
  payload: unknown;
  deliveryId?: string;
  maxAttempts?: number;
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
  /** Epoch ms before which the job is not claimed (retry back-off). */
  runAt: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
}

export interface ClaimOptions {
  worker: string;
  now: number;
  leaseMs: number;
}

export type JobOutcome =
  | { state: 'done' }
  | { state: 'failed'; error: string }
  | { state: 'superseded' }
  | { state: 'retry'; error: string; runAt: number };

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
  countDeliveries(): Promise<number>;

  enqueue(job: NewJob, now: number): Promise<Job>;
  /**
   * Atomically claim the next runnable job: per queue key only the oldest
   * unfinished job is a candidate; it is taken when queued and due, or when
   * running with an expired lease (its worker died). Increments attempts.
   */
  claim(opts: ClaimOptions): Promise<Job | undefined>;
  /** Extend a lease; false when the job is no longer ours (lease lost or finished). */
  heartbeat(jobId: number, worker: string, now: number, leaseMs: number): Promise<boolean>;
  /** Finish (or reschedule) a job we hold; false when we no longer hold it. */
  finish(jobId: number, worker: string, outcome: JobOutcome, now: number): Promise<boolean>;
  /** True when a newer job with the same supersede key was enqueued after this one. */
  isSuperseded(jobId: number): Promise<boolean>;
  getJob(id: number): Promise<Job | undefined>;
  listJobs(filter?: { state?: JobState; queueKey?: string }): Promise<Job[]>;
  countJobsByState(): Promise<Record<JobState, number>>;

  savePrLink(link: PrLink): Promise<void>;
  getPrLinkBySource(sourceRepo: string, sourcePr: number): Promise<PrLink | undefined>;
  getPrLinkByDist(distRepo: string, distPr: number): Promise<PrLink | undefined>;
  getPrLinkByDistBranch(distRepo: string, distBranch: string): Promise<PrLink | undefined>;

  saveMirroredCheck(m: MirroredCheck): Promise<void>;
  getMirroredCheck(originKey: string, sourceHeadSha: string): Promise<MirroredCheck | undefined>;
  getMirroredCheckByMirrorId(mirrorCheckRunId: number): Promise<MirroredCheck | undefined>;

  savePackageRoute(route: PackageRoute): Promise<void>;
  /** Source-git branches that sync into this dist-git branch (a push there is carried back to them). */
  getPackageRoutesByDist(distRepo: string, distBranch: string): Promise<PackageRoute[]>;

  close(): Promise<void>;
}

/** The Store methods for deliveries, PR links, mirrored checks and routes (each backend implements them in one file). */
export type LinkMethods = Pick<
  Store,
  | 'countDeliveries'
  | 'savePrLink'
  | 'getPrLinkBySource'
  | 'getPrLinkByDist'
  | 'getPrLinkByDistBranch'
  | 'saveMirroredCheck'
  | 'getMirroredCheck'
  | 'getMirroredCheckByMirrorId'
  | 'savePackageRoute'
  | 'getPackageRoutesByDist'
>;
