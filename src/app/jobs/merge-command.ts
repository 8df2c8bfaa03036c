import { parseRepo } from '../../forge/types.js';
import type { AppDeps } from '../app-deps.js';
import { mergeMethods } from '../config/distsync-config-schema.js';
import type { ConfigResult } from '../config/load-distsync-config.js';
import { mergePrs, type MergeForges, type MergeResult } from './merge-prs.js';
import { mergeProposal } from './merge-proposal.js';
import { parseProposalMarker } from './proposal-marker.js';

/**
 * `/distsync merge` (or an approval with merge_on_approval) on a source-git PR: a synced PR merges
 * both sides (merge-prs.ts); propose-downstream's "Update to X" PR is published (merge-proposal.ts).
 */
export async function mergeCommand(deps: AppDeps, forges: MergeForges, sourceRepo: string, pr: number, config: ConfigResult | undefined): Promise<MergeResult> {
  const methods = mergeMethods(config?.ok ? config.config : undefined);
  if (!(await deps.store.getPrLinkBySource(sourceRepo, pr))) {
    const pull = await forges.forge.getPull(parseRepo(sourceRepo), pr);
    const proposal = pull.author === deps.botLogin ? parseProposalMarker(pull.body) : undefined;
    if (proposal) {
      if (!config?.ok) return { merged: false, message: '.distro/distsync.yaml on the default branch is missing or invalid, so I do not know the dist-git repository. Nothing was merged.' };
      return mergeProposal(deps, forges, sourceRepo, pull, proposal, config.config.dist_git, methods);
    }
  }
  return mergePrs(deps, forges, sourceRepo, pr, methods);
}
