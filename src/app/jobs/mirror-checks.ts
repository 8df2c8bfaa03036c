import { parseRepo, type CheckRunInput, type Forge } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { JobContext } from '../../jobs/types.js';
import { MIRROR_PREFIX, type AppDeps, type ForgeFor } from '../app-deps.js';
import type { MirrorChecksPayload } from './payloads.js';

interface Origin {
  key: string;
  originCheckRunId?: number;
  check: Omit<CheckRunInput, 'headSha'>;
}

/** Mirror every check run and commit status of the dist-git PR head onto the source-git PR head as `dist-git / <name>`. */
export async function mirrorChecks(deps: AppDeps, forgeFor: ForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as MirrorChecksPayload;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.sourcePr);
  if (!link || link.distHeadSha !== p.distSha) return;
  const forge = await forgeFor(p.installationId);
  const source = parseRepo(p.sourceRepo);
  for (const origin of await readOrigins(forge, p, deps.botLogin)) {
    await ctx.assertCurrent();
    const known = await deps.store.getMirroredCheck(origin.key, link.sourceHeadSha);
    const { name: _name, ...update } = origin.check;
    let mirrorId = known?.mirrorCheckRunId;
    if (mirrorId === undefined) mirrorId = await forge.createCheckRun(source, { ...origin.check, headSha: link.sourceHeadSha });
    else await forge.updateCheckRun(source, mirrorId, update);
    if (!known) {
      await deps.store.saveMirroredCheck({
        originKey: origin.key,
        distRepo: p.distRepo,
        sourceRepo: p.sourceRepo,
        sourcePr: p.sourcePr,
        sourceHeadSha: link.sourceHeadSha,
        mirrorCheckRunId: mirrorId,
        ...(origin.originCheckRunId !== undefined ? { originCheckRunId: origin.originCheckRunId } : {}),
      });
    }
  }
}

async function readOrigins(forge: Forge, p: MirrorChecksPayload, botLogin: string): Promise<Origin[]> {
  const dist = parseRepo(p.distRepo);
  const ourSlug = botLogin.replace(/\[bot\]$/, '');
  const [runs, statuses] = await Promise.all([forge.listCheckRuns(dist, p.distSha), forge.listStatuses(dist, p.distSha)]);
  const fromRuns = runs
    .filter((r) => r.appSlug !== ourSlug)
    .map((r): Origin => ({
      key: `check_run:${r.id}`,
      originCheckRunId: r.id,
      check: {
        name: `${MIRROR_PREFIX}${r.name}`,
        status: r.status,
        ...(r.conclusion ? { conclusion: r.conclusion } : {}),
        title: r.title ?? r.name,
        summary: `Mirrored from ${p.distRepo}: ${r.htmlUrl ?? r.name}${r.summary ? `\n\n${r.summary}` : ''}`,
        ...(r.htmlUrl ? { detailsUrl: r.htmlUrl } : {}),
      },
    }));
  const fromStatuses = statuses.map((s): Origin => ({
    key: `status:${s.context}`,
    check: {
      name: `${MIRROR_PREFIX}${s.context}`,
      ...(s.state === 'pending' ? { status: 'in_progress' as const } : { status: 'completed' as const, conclusion: s.state === 'success' ? ('success' as const) : ('failure' as const) }),
      title: s.description ?? s.context,
      summary: `Mirrored commit status from ${p.distRepo}${s.targetUrl ? `: ${s.targetUrl}` : ''}`,
      ...(s.targetUrl ? { detailsUrl: s.targetUrl } : {}),
    },
  }));
  return [...fromRuns, ...fromStatuses];
}
