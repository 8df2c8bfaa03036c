import { parseRepo } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import type { ClosePrPayload } from './payloads.js';

/** A source-git PR closed without merge: close its dist-git PR and delete the branch (both idempotent). */
export async function closePr(deps: AppDeps, forgeFor: ForgeFor, job: Job): Promise<void> {
  const p = job.payload as ClosePrPayload;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.pr);
  if (!link) return;
  const forge = await forgeFor(p.installationId);
  const dist = parseRepo(link.distRepo);
  const pull = await forge.getPull(dist, link.distPr);
  if (pull.state === 'open') await forge.updatePull(dist, link.distPr, { state: 'closed' });
  if (!pull.merged) await forge.deleteBranch(parseRepo(link.headRepo), link.distBranch);
}
