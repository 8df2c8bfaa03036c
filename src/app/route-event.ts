import type { NewJob, Store } from '../store/types.js';
import { queueKeyFor } from './app-deps.js';
import { proposedVersionOf } from './jobs/propose-branch.js';
import { parseCommand } from './commands/parse-command.js';
import { UPSTREAM_RELEASES } from './upstream-follow.js';
import { REBUILD_ROUTE_PREFIX } from './jobs/enqueue-rebuild.js';
import type { ProposalDistMergedPayload, OpenpatchRebuildPayload, ProposeDownstreamPayload, SyncBackPayload, ClosePrPayload, CommandPayload, DistMergedPayload, MergePayload, MirrorChecksPayload, RerequestPayload, SyncPrPayload } from './jobs/payloads.js';

/** The few payload fields routing reads; webhook payloads carry far more. */
interface Repo { full_name: string }
interface Sender { login: string; type: string }
interface PullPayload {
  action: string;
  installation?: { id: number };
  repository: Repo;
  sender?: Sender;
  pull_request: { number: number; merged?: boolean | null; merge_commit_sha?: string | null; head: { sha: string; ref: string }; base: { ref: string }; user?: { login: string } | null };
}
interface CommentPayload {
  action: string;
  installation?: { id: number };
  repository: Repo;
  sender: Sender;
  issue: { number: number; pull_request?: unknown };
  comment: { id: number; body: string; user: Sender };
}
interface CheckRunPayload {
  action: string;
  installation?: { id: number };
  repository: Repo;
  check_run: { id: number; head_sha: string; check_suite?: { head_branch: string | null } | null };
}
interface CheckSuitePayload {
  action: string;
  installation?: { id: number };
  repository: Repo;
  check_suite: { head_sha: string; head_branch: string | null };
}
interface StatusPayload {
  installation?: { id: number };
  repository: Repo;
  sha: string;
  branches: { name: string }[];
}
interface PushPayload {
  installation?: { id: number };
  repository: Repo;
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
  sender: Sender;
}
interface ReleasePayload {
  action: string;
  installation?: { id: number };
  repository: Repo;
  release: { tag_name: string; draft?: boolean };
}
interface ReviewPayload {
  action: string;
  installation?: { id: number };
  repository: Repo;
  review: { state: string };
  pull_request: { number: number };
}

export interface RouteDeps {
  store: Pick<Store, 'getPrLinkByDist' | 'getPrLinkByDistBranch' | 'getMirroredCheckByMirrorId' | 'getPrLinkBySource' | 'getPackageRoutesByDist'>;
  botLogin: string;
}

/** Turn one webhook event into the jobs it asks for (none when it is not ours). Reads the store, writes nothing. */
export async function routeEvent(deps: RouteDeps, name: string, payload: unknown, deliveryId: string): Promise<NewJob[]> {
  const installationId = (payload as { installation?: { id: number } }).installation?.id;
  if (installationId === undefined) return [];
  const job = (kind: string, sourceRepo: string, p: object, supersedeKey?: string): NewJob => ({
    kind,
    queueKey: queueKeyFor(sourceRepo),
    payload: { installationId, ...p },
    deliveryId,
    ...(supersedeKey ? { supersedeKey } : {}),
  });
  switch (name) {
    case 'pull_request':
      return routePull(deps, payload as PullPayload, job);
    case 'issue_comment':
      return routeComment(deps, payload as CommentPayload, job);
    case 'check_run':
      return routeCheckRun(deps, payload as CheckRunPayload, job);
    case 'check_suite': {
      const p = payload as CheckSuitePayload;
      if (p.action !== 'completed' && p.action !== 'requested') return [];
      return mirrorJob(deps, job, p.repository.full_name, [p.check_suite.head_branch], p.check_suite.head_sha);
    }
    case 'status': {
      const p = payload as StatusPayload;
      return mirrorJob(deps, job, p.repository.full_name, p.branches.map((b) => b.name), p.sha);
    }
    case 'push':
      return routePush(deps, payload as PushPayload, job);
    case 'release': {
      const p = payload as ReleasePayload;
      if (p.action !== 'published' || p.release.draft) return [];
      // Source-git repos that follow this repository as their upstream (each under its own installation).
      const followers = await deps.store.getPackageRoutesByDist(p.repository.full_name, UPSTREAM_RELEASES);
      const following = [...new Map(followers.map((r) => [r.sourceRepo, r])).values()].map((r) => {
        const j = proposeJob(job, r.sourceRepo, 'release', p.release.tag_name);
        return { ...j, payload: { ...(j.payload as object), installationId: r.installationId, upstreamRepo: p.repository.full_name } };
      });
      return [proposeJob(job, p.repository.full_name, 'release', p.release.tag_name), ...following];
    }
    case 'pull_request_review': {
      const p = payload as ReviewPayload;
      if (p.action !== 'submitted' || p.review.state !== 'approved') return [];
      const m: Omit<MergePayload, 'installationId'> = { sourceRepo: p.repository.full_name, pr: p.pull_request.number, reason: 'approval' };
      return [job('merge', m.sourceRepo, m)];
    }
    default:
      return [];
  }
}

type MakeJob = (kind: string, sourceRepo: string, p: object, supersedeKey?: string) => NewJob;

async function routePull(deps: RouteDeps, p: PullPayload, job: MakeJob): Promise<NewJob[]> {
  const repo = p.repository.full_name;
  const pr = p.pull_request;
  if (['opened', 'reopened', 'synchronize'].includes(p.action)) {
    // Our own PRs (dist-git syncs, carry-backs, propose-downstream) are never mirrored again.
    if (pr.user?.login === deps.botLogin) return [];
    const s: Omit<SyncPrPayload, 'installationId'> = { sourceRepo: repo, pr: pr.number, headSha: pr.head.sha, baseRef: pr.base.ref };
    return [job('sync-pr', repo, s, `sync:${repo}#${pr.number}`)];
  }
  if (p.action !== 'closed') return [];
  const asDist = await deps.store.getPrLinkByDist(repo, pr.number);
  if (asDist) {
    if (!pr.merged) return [];
    const d: Omit<DistMergedPayload, 'installationId'> = { sourceRepo: asDist.sourceRepo, pr: asDist.sourcePr };
    return [job('dist-merged', asDist.sourceRepo, d)];
  }
  const proposed = proposedVersionOf(pr.head.ref);
  if (pr.merged && proposed && pr.user?.login === deps.botLogin && p.sender?.login !== deps.botLogin) {
    // propose-downstream's dist-git "Update to X" PR merged by a person: its source-git PR is published (merge-proposal.ts).
    const routes = (await deps.store.getPackageRoutesByDist(repo, pr.base.ref)).filter((r) => !r.sourceBranch.startsWith(REBUILD_ROUTE_PREFIX));
    return [...new Set(routes.map((r) => r.sourceRepo))].map((sourceRepo) => {
      const m: Omit<ProposalDistMergedPayload, 'installationId'> = { sourceRepo, version: proposed };
      return job('proposal-dist-merged', sourceRepo, m);
    });
  }
  if (pr.merged) {
    // Merged by someone (not through /distsync merge, which merges dist-git first): bring its open dist-git PR to what the merged base makes.
    if (!pr.merge_commit_sha || !(await deps.store.getPrLinkBySource(repo, pr.number))) return [];
    const s: Omit<SyncPrPayload, 'installationId'> = { sourceRepo: repo, pr: pr.number, headSha: pr.merge_commit_sha, baseRef: pr.base.ref, merged: true };
    return [job('sync-pr', repo, s, `sync:${repo}#${pr.number}`)];
  }
  const c: Omit<ClosePrPayload, 'installationId'> = { sourceRepo: repo, pr: pr.number };
  return [job('close-pr', repo, c, `sync:${repo}#${pr.number}`)];
}

function routeComment(deps: RouteDeps, p: CommentPayload, job: MakeJob): NewJob[] {
  if (p.action !== 'created' && p.action !== 'edited') return [];
  const author = p.comment.user;
  if (author.type === 'Bot' || author.login === deps.botLogin || p.sender.type === 'Bot') return [];
  if (parseCommand(p.comment.body).kind === 'none') return [];
  const repo = p.repository.full_name;
  const c: Omit<CommandPayload, 'installationId'> = {
    repo,
    issue: p.issue.number,
    isPull: p.issue.pull_request !== undefined && p.issue.pull_request !== null,
    commentId: p.comment.id,
    user: author.login,
    body: p.comment.body.slice(0, 10_000),
  };
  return [job('command', repo, c)];
}

async function routeCheckRun(deps: RouteDeps, p: CheckRunPayload, job: MakeJob): Promise<NewJob[]> {
  const repo = p.repository.full_name;
  if (p.action === 'rerequested') {
    const mirror = await deps.store.getMirroredCheckByMirrorId(p.check_run.id);
    if (!mirror) return [];
    const r: Omit<RerequestPayload, 'installationId'> = { sourceRepo: mirror.sourceRepo, mirrorCheckRunId: p.check_run.id };
    return [job('rerequest', mirror.sourceRepo, r)];
  }
  return mirrorJob(deps, job, repo, [p.check_run.check_suite?.head_branch ?? null], p.check_run.head_sha);
}

async function mirrorJob(deps: RouteDeps, job: MakeJob, distRepo: string, branches: (string | null)[], sha: string): Promise<NewJob[]> {
  for (const branch of branches) {
    if (!branch?.startsWith('distsync/')) continue;
    const link = await deps.store.getPrLinkByDistBranch(distRepo, branch);
    if (!link) continue;
    const m: Omit<MirrorChecksPayload, 'installationId'> = { distRepo, distSha: sha, sourceRepo: link.sourceRepo, sourcePr: link.sourcePr };
    return [job('mirror-checks', link.sourceRepo, m, `mirror:${distRepo}@${sha}`)];
  }
  return [];
}

const ZERO = /^0+$/;

/** A push to a configured dist-git branch by anyone but us: carry the new commits back to source-git. */
async function routePush(deps: RouteDeps, p: PushPayload, job: MakeJob): Promise<NewJob[]> {
  if (p.ref.startsWith('refs/tags/') && !p.deleted && !ZERO.test(p.after) && p.sender.login !== deps.botLogin) {
    // Any repo may be a source-git repo: the job reads its config and checks the tag against upstream_tag_template.
    return [proposeJob(job, p.repository.full_name, 'tag', p.ref.slice('refs/tags/'.length))];
  }
  if (!p.ref.startsWith('refs/heads/') || p.deleted || ZERO.test(p.after) || ZERO.test(p.before)) return [];
  if (p.sender.login === deps.botLogin) return [];
  const distBranch = p.ref.slice('refs/heads/'.length);
  const all = await deps.store.getPackageRoutesByDist(p.repository.full_name, distBranch);
  // an upstream dist-git branch that rebuild repos follow: any pusher (imports are made by bots) queues their rebuilds
  const rebuilds = all.filter((r) => r.sourceBranch.startsWith(REBUILD_ROUTE_PREFIX)).map((r) => {
    // the rebuild repo's installation (learned from its /distsync rebuild), which may not be the upstream's
    const o: OpenpatchRebuildPayload = { installationId: r.installationId, rebuildRepo: r.sourceRepo, branch: r.sourceBranch.slice(REBUILD_ROUTE_PREFIX.length), trigger: 'push' };
    return job('openpatch-rebuild', r.sourceRepo, o, `rebuild:${r.sourceRepo}:${o.branch}`);
  });
  if (p.sender.type === 'Bot') return rebuilds;
  const routes = all.filter((r) => !r.sourceBranch.startsWith(REBUILD_ROUTE_PREFIX));
  return [...rebuilds, ...routes.map((r) => {
    const s: Omit<SyncBackPayload, 'installationId'> = { sourceRepo: r.sourceRepo, sourceBranch: r.sourceBranch, distRepo: r.distRepo, distBranch, before: p.before, after: p.after };
    return job('sync-back', r.sourceRepo, s);
  })];
}

/** A release or tag push asks for one propose-downstream run per tag: the later of two queued deliveries (release + tag push) wins. */
function proposeJob(job: MakeJob, repo: string, trigger: 'release' | 'tag', tag: string): NewJob {
  const d: Omit<ProposeDownstreamPayload, 'installationId'> = { sourceRepo: repo, trigger, tag };
  return job('propose-downstream', repo, d, `propose:${repo}:${tag}`);
}
