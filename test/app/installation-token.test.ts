import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubForge } from '../../src/forge/github/github-forge.js';
import { readBotLogin } from '../../src/app/read-bot-login.js';

const GHE = 'https://github.example.com';
const key = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

function probotOn(baseUrl: string): Probot {
  return new Probot({ appId: 7, privateKey: key, baseUrl, logLevel: 'fatal', Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
}

describe('the App on GitHub Enterprise: every call goes to the configured host', () => {
  const unmatched: string[] = [];
  const onNoMatch = (req: { hostname?: string; path?: string; options?: { hostname?: string; path?: string } }) => unmatched.push(`${req.options?.hostname ?? req.hostname}${req.options?.path ?? req.path}`);
  beforeEach(() => {
    unmatched.length = 0;
    nock.disableNetConnect();
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  it('takes the git token from the configured host with an empty token cache (not from api.github.com)', async () => {
    const probot = probotOn(`${GHE}/api/v3`);
    const ghe = nock(GHE).post('/api/v3/app/installations/99/access_tokens').reply(201, { token: 'ghs_fromtheenterprisehost0000000000', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: 'all' });
    const forge = githubForge(await probot.auth(99));
    expect(await forge.gitToken()).toBe('ghs_fromtheenterprisehost0000000000');
    expect(unmatched).toEqual([]);
    // The same token cache as the Octokit's own REST calls: the next job's REST call needs no new token.
    ghe.get('/api/v3/repos/o/r/pulls/1').matchHeader('authorization', 'token ghs_fromtheenterprisehost0000000000').reply(200, {});
    await (await probot.auth(99)).request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'o', repo: 'r', pull_number: 1 });
    expect(await forge.gitToken()).toBe('ghs_fromtheenterprisehost0000000000');
  });

  it("reads the App's login from GET /app on the configured host; a failure says what to set", async () => {
    nock(GHE).get('/api/v3/app').reply(200, { id: 7, slug: 'pkg-sync', name: 'pkg sync' });
    expect(await readBotLogin(probotOn(`${GHE}/api/v3`))).toBe('pkg-sync[bot]');
    nock(GHE).get('/api/v3/app').reply(401, { message: 'A JSON web token could not be decoded' });
    await expect(readBotLogin(probotOn(`${GHE}/api/v3`))).rejects.toMatchObject({ code: 'usage', message: expect.stringContaining('GET /app'), next: expect.stringContaining('DISTSYNC_BOT_LOGIN') });
    expect(unmatched).toEqual([]);
  });
});
