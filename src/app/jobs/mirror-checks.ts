import { parseRepo, type Forge } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { JobContext } from '../../jobs/types.js';
import { MIRROR_PREFIX, type AppDeps, type ForgeFor } from '../app-deps.js';
import { originsFromStatuses, writeMirrors, type MirrorOrigin } from './write-mirrors.js';
import type { MirrorChecksPayload } from './payloads.js';

/** Mirror every check run and commit status of the dist-git PR head (on GitHub) onto the source-git PR head as `dist-git / <name>`. */
export async function mirrorChecks(deps: AppDeps, forgeFor: ForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as MirrorChecksPayload;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.sourcePr);
  if (!link || link.distHeadSha !== p.distSha) return;
  const forge = await forgeFor(p.installationId);
  await writeMirrors(deps, forge, { ...link, distRepo: p.distRepo }, await readOrigins(forge, p, deps.botLogin), ctx);
}

async function readOrigins(forge: Forge, p: MirrorChecksPayload, botLogin: string): Promise<MirrorOrigin[]> {
  const dist = parseRepo(p.distRepo);
  const ourSlug = botLogin.replace(/\[bot\]$/, '');
  const [runs, statuses] = await Promise.all([forge.listCheckRuns(dist, p.distSha), forge.listStatuses(dist, p.distSha)]);
  const fromRuns = runs
    .filter((r) => r.appSlug !== ourSlug)
    .map((r): MirrorOrigin => ({
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
  return [...fromRuns, ...originsFromStatuses(statuses, p.distRepo)];
}
