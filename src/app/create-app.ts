import type { ApplicationFunction, Probot } from 'probot';
import { createWorker, type Worker } from '../jobs/worker.js';
import type { JobHandlers } from '../jobs/types.js';
import { githubForge } from '../forge/github/github-forge.js';
import { githubDistGitForge } from '../forge/github/github-dist-git-forge.js';
import { distForgeFor, type DistForgeFor } from './dist-forge-for.js';
import { NO_FORGE_HOSTS } from './forge-hosts-file.js';
import type { AppDeps, ForgeFor } from './app-deps.js';
import { routeEvent } from './route-event.js';
import { createMetrics } from './http/metrics.js';
import { httpHandlers } from './http/http-handlers.js';
import { checkReadiness } from './http/readiness.js';
import { readStatus } from './http/status-data.js';
import { renderStatusPage } from './http/status-page.js';
import { syncPr } from './jobs/sync-pr.js';
import { closePr } from './jobs/close-pr.js';
import { runCommand } from './jobs/run-command.js';
import { mirrorChecks } from './jobs/mirror-checks.js';
import { rerequest } from './jobs/rerequest.js';
import { distMerged, mergeOnApproval, proposalDistMerged } from './jobs/merge-job.js';
import { rebuildJob } from './jobs/rebuild.js';
import { syncBack } from './jobs/sync-back.js';
import { proposeDownstreamJob } from './jobs/propose-downstream.js';
import { mirrorDistCi } from './jobs/mirror-dist-ci.js';
import { pollDistCi } from './jobs/poll-dist-ci.js';
import { forgeWebhookEndpoint } from './http/forge-webhook-endpoint.js';
import { webhookHostIn } from './forge-webhooks/webhook-host.js';

const EVENTS = ['pull_request', 'issue_comment', 'check_run', 'check_suite', 'status', 'pull_request_review', 'push', 'release'] as const;

export interface DistsyncApp {
  appFn: ApplicationFunction;
  /** Set once appFn ran: the worker that runs this App's jobs (started by the caller or by index.ts). */
  worker: () => Worker;
}

export interface DistsyncAppOptions {
  startWorker: boolean;
  workerId?: string;
  heartbeatMs?: number;
  retentionMs?: number;
  /** What /readyz checks beside the store: the git cache's disk (default: deps.workspace.cacheDir, 1 GiB free). */
  ready?: { cacheDir: string; minFreeBytes: number };
  /** Basic auth in front of /status. */
  statusAuth?: { user: string; password: string };
  /** Take dist-git forges' webhooks at /forge-webhooks/<host> (default true; false for `distsync worker`, whose port serves only its own health and metrics). */
  forgeWebhooks?: boolean;
}

/** The Probot app: webhooks only validate, record and enqueue; the worker does the work. */
export function createDistsyncApp(deps: AppDeps, opts: DistsyncAppOptions): DistsyncApp {
  let worker: Worker | undefined;
  const appFn: ApplicationFunction = (app: Probot, { addHandler }) => {
    const metrics = createMetrics(deps.store);
    const octokitFor = async (id: number) => {
      const octokit = await app.auth(id);
      metrics.github.observe(octokit);
      return octokit;
    };
    const forgeFor: ForgeFor = async (id) => githubForge(await octokitFor(id));
    const distFor = distForgeFor({ hosts: deps.forgeHosts ?? NO_FORGE_HOSTS, gitBaseUrl: deps.workspace.gitBaseUrl, github: async (id) => githubDistGitForge(await octokitFor(id)) });
    worker = createWorker({
      store: deps.store,
      handlers: jobHandlers(deps, forgeFor, distFor),
      log: deps.log,
      now: () => deps.now(),
      ...(opts.workerId ? { workerId: opts.workerId } : {}),
      ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
      ...(opts.retentionMs ? { prune: { retentionMs: opts.retentionMs } } : {}),
      observe: (job, outcome, ms) => metrics.jobDuration.observe({ kind: job.kind, outcome }, ms / 1000),
    });
    for (const event of EVENTS) {
      app.on(event, async (context) => {
        const routed = await routeEvent({ store: deps.store, botLogin: deps.botLogin }, event, context.payload, context.id);
        const jobs = deps.jobMaxAttempts ? routed.map((j) => ({ ...j, maxAttempts: deps.jobMaxAttempts })) : routed;
        const fresh = await deps.store.acceptDelivery({ id: context.id, event, receivedAt: deps.now() }, jobs);
        metrics.deliveries.inc({ event, duplicate: String(!fresh) });
      });
    }
    // Dist-git on Forgejo/GitLab: their webhooks (CI results, merges, pushes) under /forge-webhooks/<host>.
    if (opts.forgeWebhooks !== false) {
      addHandler(
        forgeWebhookEndpoint({
          store: deps.store,
          host: (name) => webhookHostIn(deps.forgeHosts ?? NO_FORGE_HOSTS, name),
          metrics,
          log: deps.log,
          now: () => deps.now(),
          ...(deps.jobMaxAttempts ? { jobMaxAttempts: deps.jobMaxAttempts } : {}),
        }),
      );
    }
    const ready = opts.ready ?? { cacheDir: deps.workspace.cacheDir, minFreeBytes: 1024 * 1024 * 1024 };
    addHandler(
      httpHandlers({
        metrics,
        healthy: async () => deps.store.ping().then(() => true),
        ready: () => checkReadiness({ store: deps.store, ...ready }),
        statusPage: async () => renderStatusPage(await readStatus({ store: deps.store, webBaseUrl: deps.webBaseUrl, now: deps.now })),
        ...(opts.statusAuth ? { statusAuth: opts.statusAuth } : {}),
      }),
    );
    if (opts.startWorker) worker.start();
  };
  return {
    appFn,
    worker: () => {
      if (!worker) throw new Error('the app function has not been loaded yet');
      return worker;
    },
  };
}

function jobHandlers(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor): JobHandlers {
  return {
    'sync-pr': (job, ctx) => syncPr(deps, forgeFor, distFor, job, ctx),
    'close-pr': (job) => closePr(deps, distFor, job),
    command: (job) => runCommand(deps, forgeFor, distFor, job),
    'mirror-checks': (job, ctx) => mirrorChecks(deps, forgeFor, job, ctx),
    rerequest: (job) => rerequest(deps, forgeFor, distFor, job),
    merge: (job) => mergeOnApproval(deps, forgeFor, distFor, job),
    'dist-merged': (job) => distMerged(deps, forgeFor, job),
    'proposal-dist-merged': (job) => proposalDistMerged(deps, forgeFor, distFor, job),
    'sync-back': (job, ctx) => syncBack(deps, forgeFor, distFor, job, ctx),
    'propose-downstream': (job, ctx) => proposeDownstreamJob(deps, forgeFor, distFor, job, ctx),
    'openpatch-rebuild': (job, ctx) => rebuildJob(deps, forgeFor, job, ctx),
    'mirror-dist-ci': (job, ctx) => mirrorDistCi(deps, forgeFor, distFor, job, ctx),
    'poll-dist-ci': (job, ctx) => pollDistCi(deps, distFor, job, ctx),
  };
}
