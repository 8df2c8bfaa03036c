import { parseRepo } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import { readConfig } from './read-config.js';
import { mergeMethods } from '../config/distsync-config-schema.js';
import { mergeCommand } from './merge-command.js';
import type { DistMergedPayload, MergePayload, ProposalDistMergedPayload } from './payloads.js';
import { mergeProposal } from './merge-proposal.js';
import { parseProposalMarker } from './proposal-marker.js';

/** An approval on a source-git PR merges both PRs when the config asks for it (merge_on_approval). */
export async function mergeOnApproval(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job): Promise<void> {
  const p = job.payload as MergePayload;
  const forge = await forgeFor(p.installationId);
  const source = parseRepo(p.sourceRepo);
  const config = await readConfig(forge, source);
  if (!config?.ok || !config.config.merge_on_approval) return;
  const result = await mergeCommand(deps, { forge, distFor, installationId: p.installationId }, p.sourceRepo, p.pr, config);
  await forge.comment(source, p.pr, result.message);
}

/** A dist-git PR merged by hand: merge its source-git PR too (by the source-git side's merge method). */
export async function distMerged(deps: AppDeps, forgeFor: ForgeFor, job: Job): Promise<void> {
  const p = job.payload as DistMergedPayload;
  const forge = await forgeFor(p.installationId);
  const source = parseRepo(p.sourceRepo);
  const pull = await forge.getPull(source, p.pr);
  if (pull.state !== 'open') return;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.pr);
  if (link && pull.headSha !== link.sourceHeadSha) {
    await forge.comment(source, p.pr, `${link.distRepo}#${link.distPr} was merged, but this pull request has commits that were not synced to it, so it was left open.`);
    return;
  }
  const config = await readConfig(forge, source);
  await forge.mergePull(source, p.pr, pull.headSha, mergeMethods(config?.ok ? config.config : undefined).sourceGit);
}

/**
 * A dist-git "Update to X" PR of propose-downstream merged by someone: finish as `/distsync merge`
 * on its source-git PR would (the other dist-git PRs, then the rebase on the base branch), and
 * say so (or why not) on that PR.
 */
export async function proposalDistMerged(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job): Promise<void> {
  const p = job.payload as ProposalDistMergedPayload;
  const forge = await forgeFor(p.installationId);
  const source = parseRepo(p.sourceRepo);
  const pull = await forge.findOpenPull(source, source.owner, `propose-downstream/${p.version}`);
  const proposal = pull?.author === deps.botLogin ? parseProposalMarker(pull.body) : undefined;
  if (!pull || !proposal) return;
  const config = await readConfig(forge, source);
  if (!config?.ok) return;
  const result = await mergeProposal(deps, { forge, distFor, installationId: p.installationId }, p.sourceRepo, pull, proposal, config.config.dist_git, mergeMethods(config.config));
  await forge.comment(source, pull.number, result.message);
}
