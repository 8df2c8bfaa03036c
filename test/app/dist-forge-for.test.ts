import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppEnv } from '../../src/app/env.js';
import { distForgeFor } from '../../src/app/dist-forge-for.js';
import { NO_FORGE_HOSTS, type ForgeHostsSetting } from '../../src/app/forge-hosts-file.js';
import { parseDistRepoName } from '../../src/core/config/dist-repo-name.js';
import { DistsyncError } from '../../src/core/errors.js';
import { forgejoForge } from '../../src/forge/forgejo/forgejo-forge.js';
import { startFakeForgejo, type FakeForgejo } from '../fake-forgejo/fake-forgejo.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';
import { thrown } from '../helpers/thrown.js';

const rejected = async (p: Promise<unknown>): Promise<DistsyncError> => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(DistsyncError);
  return e as DistsyncError;
};

describe('dist_git.repo names its forge: owner/name on GitHub, <host>/<path> on a host of the hosts file', () => {
  it('parses GitHub names, Forgejo and GitLab paths (subgroups), and refuses what is neither', () => {
    expect(parseDistRepoName('acme/lz4-dist')).toEqual({ owner: 'acme', repo: 'lz4-dist', name: 'acme/lz4-dist' });
    expect(parseDistRepoName('src.fedoraproject.org/rpms/zlib')).toEqual({ host: 'src.fedoraproject.org', owner: 'rpms', repo: 'zlib', name: 'src.fedoraproject.org/rpms/zlib' });
    expect(parseDistRepoName('GitLab.com/redhat/centos-stream/rpms/zlib')).toEqual({ host: 'gitlab.com', owner: 'redhat/centos-stream/rpms', repo: 'zlib', name: 'gitlab.com/redhat/centos-stream/rpms/zlib' });
    expect(parseDistRepoName('git.example.org:3000/rpms/zlib')).toMatchObject({ host: 'git.example.org:3000', owner: 'rpms' });
    expect(parseDistRepoName('redhat/rpms/zlib')).toEqual({ error: '"redhat" is not a host name: write "owner/name" for GitHub, or start with the dist-git host (like gitlab.com/redhat/rpms/zlib)' });
    expect(parseDistRepoName('gitlab.com/zlib')).toEqual({ error: 'names no repository on gitlab.com: write "gitlab.com/<owner or group>/<name>"' });
    expect(parseDistRepoName('gitlab.com/../zlib')).toEqual({ error: '".." is not a valid path segment (letters, digits, _ . -)' });
  });

  describe('the App reads DISTSYNC_FORGES_FILE at start', () => {
    const dir = tempDir('forge-hosts-env');
    afterAll(() => removeDirs(dir));
    const file = join(dir, 'forges.yaml');
    const env = (vars: Record<string, string>) => readAppEnv(dir, { DISTSYNC_DATA_DIR: dir, ...vars });

    it('unset: no hosts; set: the hosts with their tokens', () => {
      expect(env({}).forgeHosts).toEqual(NO_FORGE_HOSTS);
      writeFileSync(file, 'hosts:\n  - host: gitlab.com\n    kind: gitlab\n    bot_user: centos-distsync\n    fork: true\n');
      const hosts = env({ DISTSYNC_FORGES_FILE: file, DISTSYNC_FORGE_GITLAB_COM_TOKEN: 'glpat-x' }).forgeHosts;
      expect(hosts).toMatchObject({ file, tokens: { 'gitlab.com': 'glpat-x' }, hosts: [{ host: 'gitlab.com', kind: 'gitlab', forkOwner: 'centos-distsync' }] });
    });

    it('a bad file stops the App naming the file and line; so do a missing file, a relative path and a missing token', () => {
      writeFileSync(file, 'hosts:\n  - host: gitlab.com\n    kind: gitlab\n    bot_user: b\n    tokn: x\n');
      expect(thrown(() => env({ DISTSYNC_FORGES_FILE: file })).format()).toBe(`${file}:5: key hosts[0].tokn: unknown key\n  next: fix ${file} (see README "Dist-git on Forgejo and GitLab"), then restart the App`);
      expect(thrown(() => env({ DISTSYNC_FORGES_FILE: join(dir, 'nope.yaml') })).message).toBe(`DISTSYNC_FORGES_FILE=${join(dir, 'nope.yaml')}: cannot read it (ENOENT)`);
      expect(thrown(() => env({ DISTSYNC_FORGES_FILE: 'forges.yaml' })).message).toContain('an absolute path');
      writeFileSync(file, 'hosts:\n  - { host: gitlab.com, kind: gitlab, bot_user: b }\n');
      const noToken = thrown(() => env({ DISTSYNC_FORGES_FILE: file }));
      expect([noToken.code, noToken.message, noToken.next]).toEqual([
        'usage',
        `DISTSYNC_FORGE_GITLAB_COM_TOKEN is not set: ${file} lists the host gitlab.com, and the App needs its gitlab token (of b)`,
        `set DISTSYNC_FORGE_GITLAB_COM_TOKEN in the App's environment (a token of b with API and repository write access), or remove gitlab.com from ${file}`,
      ]);
    });
  });

  describe('distForgeFor', () => {
    let fj: FakeForgejo;
    let hosts: ForgeHostsSetting;
    let host: string;
    beforeAll(async () => {
      fj = await startFakeForgejo();
      host = new URL(fj.url).host;
      fj.createRepo('rpms/zlib', { files: { 'zlib.spec': 'Name: zlib\n' }, defaultBranch: 'rawhide' });
      hosts = {
        file: '/etc/distsync/forges.yaml',
        hosts: [
          { host, kind: 'forgejo', url: fj.url, botUser: 'distsync-bot', forkOwner: 'distsync-bot', tokenVariable: 'T', secretVariable: 'S' },
          { host: 'gitlab.com', kind: 'gitlab', url: 'https://gitlab.com', botUser: 'centos-distsync', tokenVariable: 'T2', secretVariable: 'S2' },
        ],
        tokens: { [host]: fj.tokenFor('distsync-bot'), 'gitlab.com': 'glpat-y' },
      };
    });
    afterAll(() => fj?.close());
    const github = forgejoForge({ url: 'http://github.invalid', token: 'ghs_installation' });
    const factory = () => distForgeFor({ hosts, gitBaseUrl: 'https://github.com', github: async () => github });

    it('owner/name: the installation\'s GitHub, as before (dist_git.fork for the PR branches)', async () => {
      const side = await factory()(7, { repo: 'acme/zlib-dist', fork: 'bot/zlib-dist' });
      expect(side.forge).toBe(github);
      expect(side).toMatchObject({ name: 'acme/zlib-dist', repo: { owner: 'acme', repo: 'zlib-dist' }, remote: { url: 'https://github.com/acme/zlib-dist.git' }, head: { name: 'bot/zlib-dist' }, auth: { token: 'ghs_installation' } });
      expect(side.host).toBeUndefined();
    });

    it('<host>/<owner>/<name>: that host\'s adapter with its token, git URL and fork, reaching the real (fake) server', async () => {
      const side = await factory()(7, { repo: `${host}/rpms/zlib` });
      expect(side).toMatchObject({ name: `${host}/rpms/zlib`, repo: { owner: 'rpms', repo: 'zlib' }, remote: { name: `${host}/rpms/zlib`, url: `${fj.url}/rpms/zlib.git` }, head: { name: `${host}/distsync-bot/zlib`, repo: { owner: 'distsync-bot', repo: 'zlib' } }, auth: { user: 'distsync-bot' } });
      expect(side.forge.kind).toBe('Forgejo');
      expect(await side.forge.readFile(side.repo, 'zlib.spec', 'rawhide')).toBe('Name: zlib\n');
      expect(fj.problems).toEqual([]);
      const gl = await factory()(7, { repo: 'gitlab.com/redhat/centos-stream/rpms/zlib' });
      expect([gl.forge.kind, gl.repo, gl.head.repo, gl.remote.url]).toEqual(['GitLab', { owner: 'redhat/centos-stream/rpms', repo: 'zlib' }, { owner: 'redhat/centos-stream/rpms', repo: 'zlib' }, 'https://gitlab.com/redhat/centos-stream/rpms/zlib.git']);
    });

    it('an unknown host fails naming the hosts file and what to add; so does a host without a hosts file', async () => {
      const e = await rejected(factory()(7, { repo: 'pkgs.example.org/rpms/zlib' }));
      expect([e.code, e.message]).toEqual(['bad-config', 'dist_git.repo names the host pkgs.example.org, which the App\'s hosts file /etc/distsync/forges.yaml does not list']);
      expect(e.next).toContain('add { host: pkgs.example.org, kind: forgejo or gitlab, bot_user: <the token\'s user> } under hosts: in /etc/distsync/forges.yaml');
      const none = await rejected(distForgeFor({ hosts: NO_FORGE_HOSTS, gitBaseUrl: 'https://github.com', github: async () => github })(7, { repo: 'gitlab.com/a/b' }));
      expect(none.message).toBe('dist_git.repo names the host gitlab.com, but the App has no hosts file (DISTSYNC_FORGES_FILE is not set)');
      expect((await rejected(factory()(7, { repo: `${host}/a/b/c` }))).message).toBe(`${host}/a/b/c: a Forgejo repository is <host>/<owner>/<name>, without subgroups`);
      expect((await rejected(factory()(7, { repo: 'acme/zlib', fork: 'gitlab.com/a/zlib' }))).message).toContain('is on gitlab.com, but dist_git.repo acme/zlib is on GitHub');
    });
  });
});
