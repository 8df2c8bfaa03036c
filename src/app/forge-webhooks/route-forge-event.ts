import type { DistGitEvent } from '../../forge/webhooks/parse-forge-event.js';
import type { NewJob, PrLink, Store } from '../../store/types.js';
import { distRepoNameOn } from '../../core/config/dist-repo-name.js';
import { queueKeyFor } from '../app-deps.js';
import { REBUILD_ROUTE_PREFIX } from '../jobs/enqueue-rebuild.js';
import { proposedVersionOf } from '../jobs/propose-branch.js';
import type { DistMergedPayload, MirrorDistCiPayload, ProposalDistMergedPayload, SyncBackPayload } from '../jobs/payloads.js';

/** What routing knows of the host a webhook came from (the hosts file's entry). */
export interface WebhookHost {
  host: string;
  /** The host's bot user: what it does itself (pushes, merges) is never acted on again. */
  botUser: string;
}

export interface RouteForgeDeps {
  store: Pick<Store, 'getPrLinkByDist' | 'getPrLinkByDistHead' | 'getPackageRoutesByDist' | 'getPackageRoutesBySource'>;
}

const ZERO = /^0+$/;

/**
 * Turn one dist-git forge event into the jobs it asks for, as the GitHub path does for the same
 * event on GitHub: a CI result on a linked dist-git PR head → mirror it; a linked PR merged by a
 * person → merge the source-git PR (`dist-merged`), or for propose-downstream's "Update to X" PR publish its
 * source-git rebase (`proposal-dist-merged`); a person's push to a synced dist-git branch →
 * carry it back (`sync-back`). Reads the store, writes nothing. Names are `<host>/<path>`, as the
 * App's links and routes name a hosted dist-git.
 */
export async function routeForgeEvent(deps: RouteForgeDeps, host: WebhookHost, e: DistGitEvent, deliveryId: string): Promise<NewJob[]> {
  if (e.type === 'ignored') return [];
  const repo = distRepoNameOn(host.host, e.repo);
  const job = (kind: string, sourceRepo: string, payload: object, supersedeKey?: string): NewJob => ({
    kind,
    queueKey: queueKeyFor(sourceRepo),
    payload,
    deliveryId,
    ...(supersedeKey ? { supersedeKey } : {}),
  });
  switch (e.type) {
    case 'ci': {
      const byPull = e.pull !== undefined ? await deps.store.getPrLinkByDist(repo, e.pull) : undefined;
      const link = byPull?.distHeadSha === e.sha ? byPull : await deps.store.getPrLinkByDistHead(repo, e.sha);
      // Not one of ours, or about a head the App no longer syncs to: nothing to mirror.
      if (!link || link.distHeadSha !== e.sha) return [];
      const installationId = await installationOf(deps, link);
      if (installationId === undefined) return [];
      const m: MirrorDistCiPayload = { installationId, distRepo: link.distRepo, distSha: e.sha, sourceRepo: link.sourceRepo, sourcePr: link.sourcePr };
      return [job('mirror-dist-ci', link.sourceRepo, m, `mirror:${link.distRepo}@${e.sha}`)];
    }
    case 'pull': {
      // A merge by a person (the App's own merges come from /distsync merge, which merges source-git itself).
      // Closed without a merge: nothing, as on GitHub (the source-git PR stays open for a new sync).
      if (e.action !== 'merged' || e.sender === host.botUser) return [];
      const link = await deps.store.getPrLinkByDist(repo, e.number);
      if (!link) return proposalMerged(deps, repo, e, job);
      const installationId = await installationOf(deps, link);
      if (installationId === undefined) return [];
      const d: DistMergedPayload = { installationId, sourceRepo: link.sourceRepo, pr: link.sourcePr };
      return [job('dist-merged', link.sourceRepo, d)];
    }
    case 'push': {
      if (!e.ref.startsWith('refs/heads/') || ZERO.test(e.after) || ZERO.test(e.before) || !e.after || !e.before) return [];
      if (e.sender === host.botUser) return [];
      const distBranch = e.ref.slice('refs/heads/'.length);
      const routes = (await deps.store.getPackageRoutesByDist(repo, distBranch)).filter((r) => !r.sourceBranch.startsWith(REBUILD_ROUTE_PREFIX));
      return routes.map((r) => {
        const s: SyncBackPayload = { installationId: r.installationId, sourceRepo: r.sourceRepo, sourceBranch: r.sourceBranch, distRepo: r.distRepo, distBranch, before: e.before, after: e.after };
        return job('sync-back', r.sourceRepo, s);
      });
    }
  }
}

/**
 * propose-downstream's dist-git "Update to X" PR (branch `propose-downstream/<pkg>/<version>`) merged by a
 * person: publish its source-git PR, as on GitHub (the job checks that PR is the App's own and carries its
 * proposal marker, so a look-alike branch of someone else's does nothing).
 */
async function proposalMerged(deps: RouteForgeDeps, repo: string, e: { headRef: string; baseRef: string }, job: (kind: string, sourceRepo: string, payload: object) => NewJob): Promise<NewJob[]> {
  const proposed = proposedVersionOf(e.headRef);
  if (!proposed || !e.baseRef) return [];
  const routes = (await deps.store.getPackageRoutesByDist(repo, e.baseRef)).filter((r) => !r.sourceBranch.startsWith(REBUILD_ROUTE_PREFIX));
  const seen = new Set<string>();
  return routes.flatMap((r) => {
    if (seen.has(r.sourceRepo)) return [];
    seen.add(r.sourceRepo);
    const m: ProposalDistMergedPayload = { installationId: r.installationId, sourceRepo: r.sourceRepo, version: proposed };
    return [job('proposal-dist-merged', r.sourceRepo, m)];
  });
}

/** The GitHub installation the source-git repo was last synced under (a forge's webhook names none). */
async function installationOf(deps: RouteForgeDeps, link: PrLink): Promise<number | undefined> {
  return (await deps.store.getPackageRoutesBySource(link.sourceRepo))[0]?.installationId;
}
