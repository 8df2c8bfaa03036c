import type { Job, JobState, PrLink, Store } from '../../store/types.js';
import { redact } from '../../git/redact.js';

export type StatusStore = Pick<Store, 'listJobs' | 'queueDepths' | 'countDeliveries' | 'getPrLinkBySource'>;

export interface StatusDeps {
  store: StatusStore;
  /** Where links point, e.g. https://github.com */
  webBaseUrl: string;
  now: () => number;
}

export interface Link {
  label: string;
  url: string;
}

export interface JobView {
  id: number;
  kind: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** When it last changed: finished, started or enqueued (epoch ms). */
  at: number;
  durationMs?: number;
  error?: string;
  links: Link[];
}

export interface PackageView {
  /** The source-git repo (owner/name), or the queue key when it is not a package. */
  name: string;
  /** Its newest finished job failed. */
  failing: boolean;
  queued: number;
  running: number;
  jobs: JobView[];
}

export interface StatusData {
  generatedAt: number;
  deliveriesLastMinute: number;
  deliveriesPerMinuteLastHour: number;
  packages: PackageView[];
}

/** What /status shows: the newest `limit` jobs grouped by package (failing packages first), queue depths, delivery rate. Read-only; errors redacted (shown to anyone who may open /status: src/git's one redact). */
export async function readStatus(d: StatusDeps, o: { limit?: number; perPackage?: number } = {}): Promise<StatusData> {
  const now = d.now();
  const [jobs, depths, lastMinute, lastHour] = await Promise.all([
    d.store.listJobs({ limit: o.limit ?? 500 }),
    d.store.queueDepths(),
    d.store.countDeliveries(now - 60_000),
    d.store.countDeliveries(now - 3_600_000),
  ]);
  const byKey = new Map<string, Job[]>();
  for (const j of jobs.reverse()) byKey.set(j.queueKey, [...(byKey.get(j.queueKey) ?? []), j]);
  for (const q of depths) if (!byKey.has(q.queueKey)) byKey.set(q.queueKey, []);
  const links = prLinks(d);
  const packages = await Promise.all(
    [...byKey].map(async ([key, list]): Promise<PackageView> => {
      const depth = depths.find((q) => q.queueKey === key);
      const newestFinished = list.find((j) => j.state === 'done' || j.state === 'failed');
      const shown = list.slice(0, o.perPackage ?? 10);
      return {
        name: key.replace(/^pkg:/, ''),
        failing: newestFinished?.state === 'failed',
        queued: depth?.queued ?? 0,
        running: depth?.running ?? 0,
        jobs: await Promise.all(shown.map(async (j) => jobView(j, d.webBaseUrl, await links(j)))),
      };
    }),
  );
  packages.sort((a, b) => Number(b.failing) - Number(a.failing) || latest(b) - latest(a) || a.name.localeCompare(b.name));
  return { generatedAt: now, deliveriesLastMinute: lastMinute, deliveriesPerMinuteLastHour: Math.round((lastHour / 60) * 10) / 10, packages };
}

const latest = (p: PackageView) => p.jobs[0]?.at ?? 0;

function jobView(j: Job, web: string, link: PrLink | undefined): JobView {
  return {
    id: j.id,
    kind: j.kind,
    state: j.state,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    at: j.finishedAt ?? j.startedAt ?? j.createdAt,
    ...(j.startedAt !== undefined && j.finishedAt !== undefined ? { durationMs: j.finishedAt - j.startedAt } : {}),
    ...(j.lastError ? { error: redact(j.lastError) } : {}),
    links: jobLinks(j.payload as Record<string, unknown> | null, web, link),
  };
}

/** The PR link of a job's source-git PR, each looked up once per page. */
function prLinks(d: StatusDeps): (j: Job) => Promise<PrLink | undefined> {
  const seen = new Map<string, Promise<PrLink | undefined>>();
  return (j) => {
    const p = j.payload as Record<string, unknown> | null;
    const repo = str(p?.['sourceRepo']);
    const pr = num(p?.['pr']) ?? num(p?.['sourcePr']);
    if (!repo || pr === undefined) return Promise.resolve(undefined);
    const key = `${repo}#${pr}`;
    if (!seen.has(key)) seen.set(key, d.store.getPrLinkBySource(repo, pr).catch(() => undefined));
    return seen.get(key) as Promise<PrLink | undefined>;
  };
}

function jobLinks(p: Record<string, unknown> | null, web: string, link: PrLink | undefined): Link[] {
  const out: Link[] = [];
  const sourceRepo = str(p?.['sourceRepo']);
  const pr = num(p?.['pr']) ?? num(p?.['sourcePr']);
  if (sourceRepo && pr !== undefined) out.push({ label: `${sourceRepo}#${pr}`, url: `${web}/${sourceRepo}/pull/${pr}` });
  const repo = str(p?.['repo']);
  const issue = num(p?.['issue']);
  if (repo && issue !== undefined) out.push({ label: `${repo}#${issue}`, url: `${web}/${repo}/issues/${issue}` });
  if (link) {
    out.push({ label: `dist-git ${link.distRepo}#${link.distPr}`, url: `${web}/${link.distRepo}/pull/${link.distPr}` });
    if (link.checkRunId !== undefined) out.push({ label: 'check', url: `${web}/${link.sourceRepo}/runs/${link.checkRunId}` });
  }
  const distRepo = str(p?.['distRepo']);
  const distBranch = str(p?.['distBranch']);
  if (distRepo && distBranch) out.push({ label: `${distRepo}:${distBranch}`, url: `${web}/${distRepo}/tree/${encodeURIComponent(distBranch)}` });
  return out;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
