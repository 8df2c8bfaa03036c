import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import { githubDistGitForge } from '../../src/forge/github/github-dist-git-forge.js';
import { startFakeGithub } from '../fake-github/fake-github.js';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import type { ForgeHarness } from './forge-contract.js';

const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
const SPEC = 'Name: bash\nVersion: 5.2.26\n';
const PATCH = { path: 'bash-fix.patch', text: '--- a/x\n+++ b/x\n' };

/** The GitHub adapter over the fake GitHub (real git), with the App's installation token. */
export async function githubHarness(): Promise<ForgeHarness> {
  const dir = tempDir('forge-github');
  const local = join(dir, 'local');
  mkdirSync(local);
  git(local, 'init', '-q', '-b', 'main');
  writeFileSync(join(local, 'bash.spec'), SPEC);
  git(local, 'add', '.');
  git(local, 'commit', '-q', '-m', 'bash 5.2.26');
  git(local, 'checkout', '-q', '-b', 'distsync/sync-1');
  writeFileSync(join(local, PATCH.path), PATCH.text);
  git(local, 'add', '.');
  git(local, 'commit', '-q', '-m', 'sync');
  git(local, 'checkout', '-q', 'main');

  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const fake = await startFakeGithub({ dir: join(dir, 'github'), appId: 7, appSlug: 'distsync', appPublicKey: keys.publicKey });
  const R = 'rpms/bash';
  fake.createRepo(R, { from: local, defaultBranch: 'main', collaborators: { alice: 'admin', mia: 'maintain', wes: 'write', tri: 'triage', rea: 'read', 'distsync[bot]': 'write' } });
  fake.createRepo('bob/bash', { from: local, defaultBranch: 'main' });
  fake.tokenFor('stranger');
  const probot = new Probot({ appId: 7, privateKey: keys.privateKey, baseUrl: fake.apiUrl, logLevel: 'fatal', Octokit });
  const octokit = await probot.auth(fake.installationId);
  const work = join(dir, 'work');
  await fake.as('alice').git(dir, 'clone', '-q', `${fake.url}/${R}.git`, work);
  let n = 0;

  return {
    forge: githubDistGitForge(octokit),
    badToken: githubDistGitForge(new Octokit({ auth: { token: 'ghs_refused' }, baseUrl: fake.apiUrl }) as unknown as Parameters<typeof githubDistGitForge>[0]),
    tokenHint: /PRIVATE_KEY/,
    repo: { owner: 'rpms', repo: 'bash' },
    base: 'main',
    branch: 'distsync/sync-1',
    forkOwner: 'bob',
    file: { path: 'bash.spec', text: SPEC },
    branchFile: PATCH,
    pushTo: async (branch) => {
      await fake.as('alice').git(work, 'fetch', '-q', 'origin');
      await fake.as('alice').git(work, 'checkout', '-q', '-B', branch, `origin/${branch}`);
      writeFileSync(join(work, `change-${++n}`), `${n}\n`);
      await fake.as('alice').git(work, 'add', '.');
      await fake.as('alice').git(work, 'commit', '-q', '-m', `change ${n}`);
      await fake.as('alice').git(work, 'push', '-q', 'origin', branch);
      return git(work, 'rev-parse', 'HEAD').trim();
    },
    branchSha: async (branch) => {
      try {
        return git(fake.state.repos.get(R)!.dir, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`).trim();
      } catch {
        return undefined;
      }
    },
    setStatuses: async (sha) => {
      const ci = fake.as('ci');
      ci.status(R, sha, 'build', 'pending');
      ci.status(R, sha, 'build', 'success');
      ci.status(R, sha, 'lint', 'failure');
      ci.status(R, sha, 'docs', 'error');
      return [
        { context: 'build', state: 'success', description: 'build: success' },
        { context: 'lint', state: 'failure', description: 'lint: failure' },
        { context: 'docs', state: 'error', description: 'docs: error' },
      ];
    },
    permissions: [['alice', 'admin'], ['mia', 'maintain'], ['wes', 'write'], ['tri', 'triage'], ['rea', 'read'], ['stranger', 'none']],
    commentsOn: (number) => fake.state.comments.filter((c) => c.repo === R && c.issue === number).map((c) => c.body),
    ci: { retries: false, prepare: async () => undefined, retried: () => false },
    problems: () => fake.problems,
    close: async () => {
      await fake.close();
      removeDirs(dir);
    },
  };
}
