import type { Job } from '../../store/types.js';
import type { AppDeps } from '../app-deps.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import type { ClosePrPayload } from './payloads.js';

/** A source-git PR closed without merge: close its dist-git PR (or MR) and delete the branch (both idempotent), on whichever forge holds dist-git. */
export async function closePr(deps: AppDeps, distFor: DistForgeFor, job: Job): Promise<void> {
  const p = job.payload as ClosePrPayload;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.pr);
  if (!link) return;
  const side = await distFor(p.installationId, { repo: link.distRepo, fork: link.headRepo });
  const pull = await side.forge.getPull(side.repo, link.distPr);
  if (pull.state === 'open') await side.forge.updatePull(side.repo, link.distPr, { state: 'closed' });
  if (!pull.merged) await side.forge.deleteBranch(side.head.repo, link.distBranch);
}
