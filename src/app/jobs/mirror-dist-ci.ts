import type { CommitStatus } from '../../forge/types.js';
import type { Job, PrLink } from '../../store/types.js';
import type { JobContext } from '../../jobs/types.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import type { DistForgeFor, DistGitSide } from '../dist-forge-for.js';
import { originsFromStatuses, writeMirrors } from './write-mirrors.js';
import type { MirrorDistCiPayload } from './payloads.js';

/**
 * A dist-git PR on Forgejo/GitLab had a CI result (a webhook, or the poll saw a change): mirror
 * every commit status of its head onto the source-git PR head as `dist-git / <name>`, with the
 * same check runs and store records as the GitHub path (write-mirrors.ts).
 */
export async function mirrorDistCi(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as MirrorDistCiPayload;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.sourcePr);
  // The App synced another head since (or the link moved): that head's own results will come.
  if (!link || link.distRepo !== p.distRepo || link.distHeadSha !== p.distSha) return;
  const side = await distFor(p.installationId, distGitOf(link));
  const statuses = await headStatuses(side, link.distHeadSha);
  await writeMirrors(deps, await forgeFor(p.installationId), link, originsFromStatuses(statuses, link.distRepo), ctx);
}

/** The link's dist-git and, when its PR branch lives elsewhere, that fork. */
export function distGitOf(link: PrLink): { repo: string; fork?: string } {
  return link.headRepo === link.distRepo ? { repo: link.distRepo } : { repo: link.distRepo, fork: link.headRepo };
}

/**
 * The commit statuses of a dist-git PR head: those set in the dist-git repository (merge request
 * pipelines, Forgejo Actions on the base repo) and, for a PR from a fork, those set in the fork
 * (branch pipelines), one per name (the dist-git repository's first).
 */
export async function headStatuses(side: DistGitSide, sha: string): Promise<CommitStatus[]> {
  const own = await side.forge.listStatuses(side.repo, sha);
  if (side.head.name === side.name) return own;
  const fork = await side.forge.listStatuses(side.head.repo, sha);
  const seen = new Set(own.map((s) => s.context));
  return [...own, ...fork.filter((s) => !seen.has(s.context))];
}
