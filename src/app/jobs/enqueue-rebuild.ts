import { upstreamBranchFor } from '../../core/openpatch/index.js';
import type { Forge, RepoRef } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import { queueKeyFor, type AppDeps } from '../app-deps.js';
import { loadOpenpatchConfig, OPENPATCH_CONFIG_FILE } from '../config/openpatch-config.js';
import type { CommandPayload, OpenpatchRebuildPayload } from './payloads.js';

/**
 * Package routes of a rebuild repo are stored with this source-branch prefix: a push to the
 * upstream branch (the route's dist side) then queues a rebuild instead of a sync-back.
 */
export const REBUILD_ROUTE_PREFIX = 'openpatch:';

/**
 * `/distsync rebuild [BRANCH]` in a rebuild dist-git: remember which upstream branch each configured
 * branch follows (so upstream pushes trigger rebuilds from now on) and queue the rebuilds.
 */
export async function enqueueRebuild(deps: AppDeps, forge: Forge, repo: RepoRef, p: CommandPayload, branch: string | undefined, job: Job): Promise<string> {
  const text = await forge.readFile(repo, OPENPATCH_CONFIG_FILE);
  if (text === undefined) return `This repository has no \`${OPENPATCH_CONFIG_FILE}\` on its default branch, so I do not know its upstream. Add one (see the README, "The GitHub App").`;
  const config = loadOpenpatchConfig(text);
  if (!config.ok) return `The rebuild configuration is invalid: ${config.problem}`;
  if (branch && !config.config.branches.includes(branch)) return `\`${branch}\` is not in \`branches\` of \`${OPENPATCH_CONFIG_FILE}\` (${config.config.branches.join(', ')}).`;
  const queued: string[] = [];
  for (const b of branch ? [branch] : config.config.branches) {
    const upstreamBranch = config.config.upstream_branches[b] ?? upstreamBranchFor(b);
    await deps.store.savePackageRoute({ sourceRepo: p.repo, sourceBranch: `${REBUILD_ROUTE_PREFIX}${b}`, distRepo: config.config.upstream, distBranch: upstreamBranch, installationId: p.installationId });
    const payload: OpenpatchRebuildPayload = { installationId: p.installationId, rebuildRepo: p.repo, branch: b, trigger: 'command', issue: p.issue };
    const j = await deps.store.enqueue({ kind: 'openpatch-rebuild', queueKey: queueKeyFor(p.repo), payload, supersedeKey: `rebuild:${p.repo}:${b}`, ...(job.deliveryId ? { deliveryId: job.deliveryId } : {}) });
    queued.push(`\`${b}\` from \`${config.config.upstream}@${upstreamBranch}\` (job ${j.id})`);
  }
  return `Rebuilding ${queued.join(', ')}; pushes to the upstream branch${queued.length > 1 ? 'es' : ''} rebuild automatically from now on.`;
}
