import { forgejoForge } from '../../src/forge/forgejo/forgejo-forge.js';
import { startFakeForgejo } from '../fake-forgejo/fake-forgejo.js';
import type { ForgeHarness } from './forge-contract.js';

const SPEC = 'Name: bash\nVersion: 5.2.26\n';
const PATCH = { path: 'bash-fix.patch', text: '--- a/x\n+++ b/x\n' };

/** The Forgejo adapter over the fake Forgejo (Fedora's dist-git: PRs from the packager's fork or a branch). */
export async function forgejoHarness(): Promise<ForgeHarness> {
  const fake = await startFakeForgejo();
  const R = 'rpms/bash';
  fake.createRepo(R, { files: { 'bash.spec': SPEC, 'sub dir/ä.patch': 'x\n' }, defaultBranch: 'rawhide', collaborators: { adm: 'admin', wri: 'write', rea: 'read' } });
  fake.commit(R, 'distsync/sync-1', { [PATCH.path]: PATCH.text });
  fake.fork(R, 'bob');
  fake.tokenFor('stranger');
  const token = fake.tokenFor('distsync-bot');

  return {
    forge: forgejoForge({ url: fake.url, token }),
    badToken: forgejoForge({ url: fake.url, token: 'refused' }),
    tokenHint: /DISTSYNC_FORGE_<HOST>_TOKEN/,
    repo: { owner: 'rpms', repo: 'bash' },
    base: 'rawhide',
    branch: 'distsync/sync-1',
    forkOwner: 'bob',
    file: { path: 'sub dir/ä.patch', text: 'x\n' },
    branchFile: PATCH,
    pushTo: async (branch) => fake.commit(R, branch, { [`change-${Math.random()}`]: '1\n' }),
    branchSha: async (branch) => fake.state.repos.get(R)!.branches.get(branch),
    setStatuses: async (sha) => {
      fake.setStatus(R, sha, 'build', 'pending');
      fake.setStatus(R, sha, 'build', 'success');
      fake.setStatus(R, sha, 'lint', 'failure');
      fake.setStatus(R, sha, 'zuul', 'warning');
      fake.setStatus(R, sha, 'docs', 'error');
      return [
        { context: 'build', state: 'success' },
        { context: 'lint', state: 'failure' },
        { context: 'zuul', state: 'failure', description: 'warning' },
        { context: 'docs', state: 'error' },
      ];
    },
    permissions: [['rpms', 'admin'], ['adm', 'admin'], ['wri', 'write'], ['rea', 'read'], ['stranger', 'read'], ['ghost', 'none']],
    commentsOn: (number) => fake.state.comments.filter((c) => c.repo === R && c.index === number).map((c) => c.body),
    ci: { retries: false, prepare: async () => undefined, retried: () => false },
    problems: () => fake.problems,
    close: () => fake.close(),
  };
}
