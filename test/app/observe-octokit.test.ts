import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubApiMetrics } from '../../src/app/http/observe-octokit.js';

describe('GitHub API metrics', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  it('counts calls by method and status and keeps the rate limit left', async () => {
    const registry = new Registry();
    const metrics = createGitHubApiMetrics(registry);
    const Octokit = ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
    const octokit = new Octokit({ auth: { token: 'test-token' } });
    metrics.observe(octokit);
    nock('https://api.github.com').get('/repos/o/r').reply(200, { id: 1 }, { 'x-ratelimit-remaining': '4999' });
    nock('https://api.github.com').get('/repos/o/missing').reply(404, { message: 'Not Found' }, { 'x-ratelimit-remaining': '4998' });
    await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'missing' })).rejects.toMatchObject({ status: 404 });
    const text = await registry.metrics();
    expect(text).toContain('distsync_github_api_calls_total{method="GET",status="200"} 1');
    expect(text).toContain('distsync_github_api_calls_total{method="GET",status="404"} 1');
    expect(text).toContain('distsync_github_rate_limit_remaining 4998');
  });
});
