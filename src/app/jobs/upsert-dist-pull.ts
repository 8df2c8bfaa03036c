import type { Pull } from '../../forge/types.js';
import type { DistGitSide } from '../dist-forge-for.js';
import type { AppDeps } from '../app-deps.js';
import type { SyncPrPayload } from './payloads.js';

interface Upsert {
  deps: AppDeps;
  p: SyncPrPayload;
  side: DistGitSide;
  distBase: string;
}

/** Open the one dist-git PR for a source-git PR, or update `existing` (the open PR of its head branch, looked up first, so a retry never opens a second). */
export async function upsertDistPull(u: Upsert, branch: string, distSha: string, existing: Pull | undefined): Promise<Pull> {
  const { p, side } = u;
  const { forge, repo: dist } = side;
  const headRepo = side.head.repo;
  const title = `[distsync] ${p.sourceRepo}#${p.pr}`;
  const body = [
    `Synced from source-git pull request ${u.deps.webBaseUrl}/${p.sourceRepo}/pull/${p.pr}`,
    `Source-git head: \`${p.headSha}\``,
    '',
    'This pull request is updated by distsync on every push to the source-git pull request; comment `/distsync merge` there to merge both.',
  ].join('\n');
  const pull = existing
    ? (await forge.updatePull(dist, existing.number, { title, body }), { ...existing, title, body, headSha: distSha })
    : await forge.createPull(dist, { title, body, head: headRepo.owner === dist.owner ? branch : `${headRepo.owner}:${branch}`, base: u.distBase });
  await u.deps.store.savePrLink({
    sourceRepo: p.sourceRepo,
    sourcePr: p.pr,
    distRepo: side.name,
    distPr: pull.number,
    distBranch: branch,
    headRepo: side.head.name,
    sourceHeadSha: p.headSha,
    distHeadSha: distSha,
  });
  return pull;
}
