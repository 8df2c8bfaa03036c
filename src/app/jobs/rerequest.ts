import { parseRepo } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import { parseDistRepoName } from '../../core/config/dist-repo-name.js';
import { readConfig } from './read-config.js';
import { retestDistGit } from './retest-dist-git.js';
import type { RerequestPayload } from './payloads.js';

/** Re-run requested on a mirrored check: comment the configured retest_comment on the dist-git PR, else re-run the original (GitHub check run, GitLab pipeline). */
export async function rerequest(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job): Promise<void> {
  const p = job.payload as RerequestPayload;
  const mirror = await deps.store.getMirroredCheckByMirrorId(p.mirrorCheckRunId);
  if (!mirror) return;
  const forge = await forgeFor(p.installationId);
  const config = await readConfig(forge, parseRepo(mirror.sourceRepo));
  const retest = config?.ok ? config.config.retest_comment : undefined;
  const link = await deps.store.getPrLinkBySource(mirror.sourceRepo, mirror.sourcePr);
  // A mirrored Forgejo/GitLab status has no check run to rerequest: the forge's own re-run (or the comment) it is.
  const onHost = link !== undefined && 'host' in parseDistRepoName(link.distRepo);
  if (link && (retest || (onHost && mirror.originCheckRunId === undefined))) {
    await retestDistGit({ forge, distFor, installationId: p.installationId }, link, retest);
    return;
  }
  if (mirror.originCheckRunId !== undefined) await forge.rerequestCheckRun(parseRepo(mirror.distRepo), mirror.originCheckRunId);
}
