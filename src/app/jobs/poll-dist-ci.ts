import type { CommitStatus } from '../../forge/types.js';
import type { Job, NewJob, PrLink } from '../../store/types.js';
import type { JobContext } from '../../jobs/types.js';
import { queueKeyFor, type AppDeps } from '../app-deps.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import { distGitOf, headStatuses } from './mirror-dist-ci.js';
import type { MirrorDistCiPayload, PollDistCiPayload } from './payloads.js';

/** How the poll backs off: the first wait, the longest, and how many rounds a chain runs at most (~4 days at the longest wait). */
export const POLL_BACKOFF = { firstMs: 30_000, maxMs: 30 * 60_000, rounds: 200 } as const;

/** One poll chain per source-git PR, on a queue key of its own (its waiting rounds never hold up the package's jobs). */
export const pollKeyFor = (sourceRepo: string, pr: number): string => `poll:${sourceRepo}#${pr}`;

/** The first round of a PR's poll chain (a dist-git host without a webhook secret); a newer chain for the same PR replaces a waiting one. */
export function distCiPollJob(link: Pick<PrLink, 'sourceRepo' | 'sourcePr'>, installationId: number, now: number): NewJob {
  const p: PollDistCiPayload = { installationId, sourceRepo: link.sourceRepo, sourcePr: link.sourcePr, intervalMs: POLL_BACKOFF.firstMs, round: 0 };
  const key = pollKeyFor(link.sourceRepo, link.sourcePr);
  return { kind: 'poll-dist-ci', queueKey: key, supersedeKey: key, payload: p, runAt: now + POLL_BACKOFF.firstMs };
}

/**
 * The polling fallback for dist-git CI when a host sends no webhooks: read the linked dist-git PR
 * head's commit statuses; when they (or the head) changed since the last round, queue the same
 * mirror job a webhook would (in the package's queue); then queue the next round — sooner after
 * a change, twice the wait (up to POLL_BACKOFF.maxMs) after none. The chain ends when the
 * dist-git PR is closed or merged, the link is gone, or after POLL_BACKOFF.rounds rounds.
 */
export async function pollDistCi(deps: AppDeps, distFor: DistForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as PollDistCiPayload;
  const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.sourcePr);
  if (!link) return;
  const side = await distFor(p.installationId, distGitOf(link));
  const pull = await side.forge.getPull(side.repo, link.distPr);
  const statuses = await headStatuses(side, link.distHeadSha);
  const seen = fingerprint(link.distHeadSha, statuses);
  const changed = seen !== p.seen;
  await ctx.assertCurrent();
  if (changed && statuses.length > 0) {
    const m: MirrorDistCiPayload = { installationId: p.installationId, distRepo: link.distRepo, distSha: link.distHeadSha, sourceRepo: link.sourceRepo, sourcePr: link.sourcePr };
    await deps.store.enqueue({ kind: 'mirror-dist-ci', queueKey: queueKeyFor(link.sourceRepo), supersedeKey: `mirror:${link.distRepo}@${link.distHeadSha}`, payload: m });
  }
  const where = `${link.distRepo}#${link.distPr}`;
  if (pull.state !== 'open') {
    ctx.log.info(`poll-dist-ci ${where}: ${pull.merged ? 'merged' : 'closed'}; polling stops`);
    return;
  }
  if (p.round + 1 >= POLL_BACKOFF.rounds) {
    ctx.log.warn(`poll-dist-ci ${where}: stopped after ${POLL_BACKOFF.rounds} rounds; its CI results are no longer mirrored (configure the host's webhook, or comment /distsync sync to start again)`);
    return;
  }
  const intervalMs = changed ? POLL_BACKOFF.firstMs : Math.min(p.intervalMs * 2, POLL_BACKOFF.maxMs);
  const next: PollDistCiPayload = { ...p, seen, intervalMs, round: p.round + 1 };
  const key = pollKeyFor(p.sourceRepo, p.sourcePr);
  await deps.store.enqueue({ kind: 'poll-dist-ci', queueKey: key, supersedeKey: key, payload: next, runAt: deps.now() + intervalMs });
}

/** The head and its statuses, in a stable order: equal when nothing a mirror shows has changed. */
function fingerprint(sha: string, statuses: CommitStatus[]): string {
  const rows = statuses.map((s) => [s.context, s.state, s.description ?? '', s.targetUrl ?? ''].join('\u0000')).sort();
  return [sha, ...rows].join('\n');
}
