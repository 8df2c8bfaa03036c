import { gitlabForge } from '../../src/forge/gitlab/gitlab-forge.js';
import { startFakeGitlab } from '../fake-gitlab/fake-gitlab.js';
import type { ForgeHarness } from './forge-contract.js';

const SPEC = 'Name: bash\nVersion: 5.2.26\n';
const PATCH = { path: 'bash-fix.patch', text: '--- a/x\n+++ b/x\n' };

/** The GitLab adapter over the fake GitLab (CentOS Stream's dist-git: a project in subgroups, MRs from forks). */
export async function gitlabHarness(): Promise<ForgeHarness> {
  const fake = await startFakeGitlab();
  const P = 'redhat/centos-stream/rpms/bash';
  fake.createProject(P, { files: { 'bash.spec': SPEC }, defaultBranch: 'c10s', members: { own: 50, mai: 40, dev: 30, rep: 20, gue: 10 } });
  fake.commit(P, 'distsync/sync-1', { [PATCH.path]: PATCH.text });
  fake.fork(P, 'bob');
  fake.tokenFor('stranger');
  const token = fake.tokenFor('distsync-bot');

  return {
    forge: gitlabForge({ url: fake.url, token }),
    badToken: gitlabForge({ url: fake.url, token: 'glpat-refused' }),
    tokenHint: /DISTSYNC_FORGE_<HOST>_TOKEN/,
    repo: { owner: 'redhat/centos-stream/rpms', repo: 'bash' },
    base: 'c10s',
    branch: 'distsync/sync-1',
    forkOwner: 'bob',
    file: { path: 'bash.spec', text: SPEC },
    branchFile: PATCH,
    pushTo: async (branch) => fake.commit(P, branch, { [`change-${Math.random()}`]: '1\n' }),
    branchSha: async (branch) => fake.project(P).branches.get(branch),
    setStatuses: async (sha) => {
      fake.setStatus(P, sha, 'build', 'running');
      fake.setStatus(P, sha, 'build', 'success');
      fake.setStatus(P, sha, 'lint', 'failed');
      fake.setStatus(P, sha, 'tests', 'canceled');
      fake.setStatus(P, sha, 'docs', 'skipped');
      fake.setStatus(P, sha, 'rpminspect', 'pending');
      return [
        { context: 'build', state: 'success' },
        { context: 'lint', state: 'failure' },
        { context: 'tests', state: 'error', description: 'canceled' },
        { context: 'docs', state: 'success', description: 'skipped' },
        { context: 'rpminspect', state: 'pending' },
      ];
    },
    permissions: [['own', 'admin'], ['mai', 'maintain'], ['dev', 'write'], ['rep', 'triage'], ['gue', 'read'], ['stranger', 'none'], ['ghost', 'none']],
    commentsOn: (iid) => fake.state.notes.filter((n) => n.projectId === fake.project(P).id && n.iid === iid).map((n) => n.body),
    ci: {
      retries: true,
      prepare: async (sha) => void fake.pipeline(P, sha, 'failed'),
      retried: (sha) => fake.state.pipelines.some((p) => p.sha === sha && p.retried === 1 && p.status === 'pending'),
    },
    problems: () => fake.problems,
    close: () => fake.close(),
  };
}
