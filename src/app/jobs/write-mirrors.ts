import { parseRepo, type CheckRunInput, type CommitStatus, type Forge } from '../../forge/types.js';
import type { JobContext } from '../../jobs/types.js';
import type { PrLink } from '../../store/types.js';
import { MIRROR_PREFIX, type AppDeps } from '../app-deps.js';

/** One dist-git CI result to show on the source-git PR head as `dist-git / <name>`. */
export interface MirrorOrigin {
  /** `check_run:<id>` or `status:<context>`: what the store remembers the mirror by. */
  key: string;
  originCheckRunId?: number;
  check: Omit<CheckRunInput, 'headSha'>;
}

/** Commit statuses (GitHub's, Forgejo's, GitLab's jobs and external statuses) as mirror origins. */
export function originsFromStatuses(statuses: CommitStatus[], distRepo: string): MirrorOrigin[] {
  return statuses.map((s) => ({
    key: `status:${s.context}`,
    check: {
      name: `${MIRROR_PREFIX}${s.context}`,
      ...(s.state === 'pending' ? { status: 'in_progress' as const } : { status: 'completed' as const, conclusion: s.state === 'success' ? ('success' as const) : ('failure' as const) }),
      title: s.description ?? s.context,
      summary: `Mirrored commit status from ${distRepo}${s.targetUrl ? `: ${s.targetUrl}` : ''}`,
      ...(s.targetUrl ? { detailsUrl: s.targetUrl } : {}),
    },
  }));
}

/**
 * Create (once) or update the `dist-git / <name>` check run of each origin on the source-git PR
 * head the link names, remembering each mirror in the store; whatever forge the results came from.
 */
export async function writeMirrors(deps: Pick<AppDeps, 'store'>, source: Forge, link: PrLink, origins: MirrorOrigin[], ctx: Pick<JobContext, 'assertCurrent'>): Promise<void> {
  const repo = parseRepo(link.sourceRepo);
  for (const origin of origins) {
    await ctx.assertCurrent();
    const known = await deps.store.getMirroredCheck(origin.key, link.sourceHeadSha);
    const { name: _name, ...update } = origin.check;
    let mirrorId = known?.mirrorCheckRunId;
    if (mirrorId === undefined) mirrorId = await source.createCheckRun(repo, { ...origin.check, headSha: link.sourceHeadSha });
    else await source.updateCheckRun(repo, mirrorId, update);
    if (!known) {
      await deps.store.saveMirroredCheck({
        originKey: origin.key,
        distRepo: link.distRepo,
        sourceRepo: link.sourceRepo,
        sourcePr: link.sourcePr,
        sourceHeadSha: link.sourceHeadSha,
        mirrorCheckRunId: mirrorId,
        ...(origin.originCheckRunId !== undefined ? { originCheckRunId: origin.originCheckRunId } : {}),
      });
    }
  }
}
