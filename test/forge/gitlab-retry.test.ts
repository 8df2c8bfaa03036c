import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabForge } from '../../src/forge/gitlab/gitlab-forge.js';
import { startFakeGitlab, type FakeGitlab } from '../fake-gitlab/fake-gitlab.js';

const P = 'redhat/centos-stream/rpms/lz4';
const repo = { owner: 'redhat/centos-stream/rpms', repo: 'lz4' };

describe('GitLab retryCi runs only a pipeline that ended badly', () => {
  let fake: FakeGitlab;
  beforeAll(async () => {
    fake = await startFakeGitlab();
    fake.createProject(P, { files: { 'lz4.spec': 'Name: lz4\n' }, defaultBranch: 'c9s' });
  });
  afterAll(() => fake.close());

  it('a green pipeline and a commit without one are left alone; a canceled one is retried', async () => {
    const forge = gitlabForge({ url: fake.url, token: fake.tokenFor('distsync-bot') });
    const green = fake.commit(P, 'c9s');
    fake.pipeline(P, green, 'success');
    expect(await forge.retryCi(repo, green)).toBe(false);
    expect(await forge.retryCi(repo, fake.commit(P, 'c9s'))).toBe(false);
    const canceled = fake.commit(P, 'c9s');
    fake.pipeline(P, canceled, 'canceled');
    expect(await forge.retryCi(repo, canceled)).toBe(true);
    expect(fake.state.pipelines.map((p) => [p.status, p.retried])).toEqual([['success', 0], ['pending', 1]]);
    expect(fake.problems).toEqual([]);
  });
});
