import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store, JobState } from '../../store/types.js';
import { createGitHubApiMetrics, type GitHubApiMetrics } from './observe-octokit.js';

export interface AppMetrics {
  registry: Registry;
  deliveries: Counter<'event' | 'duplicate'>;
  jobDuration: Histogram<'kind' | 'outcome'>;
  github: GitHubApiMetrics;
}

/** One registry per App instance (no global default registry): deliveries, jobs by state (read from the Store at scrape), job durations, GitHub API calls and rate limit left. */
export function createMetrics(store: Pick<Store, 'countJobsByState'>): AppMetrics {
  const registry = new Registry();
  const deliveries = new Counter({ name: 'distsync_deliveries_total', help: 'Webhook deliveries received', labelNames: ['event', 'duplicate'] as const, registers: [registry] });
  new Gauge({
    name: 'distsync_jobs',
    help: 'Jobs by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await store.countJobsByState();
      for (const [state, n] of Object.entries(counts) as [JobState, number][]) this.set({ state }, n);
    },
  });
  const jobDuration = new Histogram({
    name: 'distsync_job_duration_seconds',
    help: 'Job run time',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  return { registry, deliveries, jobDuration, github: createGitHubApiMetrics(registry) };
}
