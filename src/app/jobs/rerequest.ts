import { parseRepo } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import { readConfig } from './read-config.js';
import type { RerequestPayload } from './payloads.js';

/** Re-run requested on a mirrored check: comment the configured retest_comment on the dist-git PR, else rerequest the original check run. */
export async function rerequest(deps: AppDeps, forgeFor: ForgeFor, job: Job): Promise<void> {
  const p = job.payload as RerequestPayload;
  const mirror = await deps.store.getMirroredCheckByMirrorId(p.mirrorCheckRunId);
  if (!mirror) return;
  const forge = await forgeFor(p.installationId);
  const config = await readConfig(forge, parseRepo(mirror.sourceRepo));
  const retest = config?.ok ? config.config.retest_comment : undefined;
  const link = await deps.store.getPrLinkBySource(mirror.sourceRepo, mirror.sourcePr);
  if (retest && link) {
    await forge.comment(parseRepo(link.distRepo), link.distPr, retest);
    return;
  }
  if (mirror.originCheckRunId !== undefined) await forge.rerequestCheckRun(parseRepo(mirror.distRepo), mirror.originCheckRunId);
}
