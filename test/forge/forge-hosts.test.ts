import { describe, expect, it } from 'vitest';
import { forgeEnvName, parseForgeHosts } from '../../src/core/config/forge-hosts.js';
import { thrown } from '../helpers/thrown.js';

const FILE = '/etc/distsync/forges.yaml';

describe('dist-git hosts file', () => {
  it('reads Forgejo, Gitea and GitLab hosts with their env variable names and fork owners', () => {
    const hosts = parseForgeHosts(
      [
        'hosts:',
        '  - host: src.fedoraproject.org',
        '    kind: forgejo',
        '    bot_user: distsync-bot',
        '  - host: gitlab.com',
        '    kind: gitlab',
        '    bot_user: centos-distsync',
        '    fork: true',
        '  - host: git.example.org:3000',
        '    kind: gitea',
        '    url: http://git.example.org:3000/',
        '    bot_user: bot',
        '    fork: true',
        '    fork_owner: rpms-forks',
      ].join('\n'),
      FILE,
    );
    expect(hosts).toEqual([
      { host: 'src.fedoraproject.org', kind: 'forgejo', url: 'https://src.fedoraproject.org', botUser: 'distsync-bot', tokenVariable: 'DISTSYNC_FORGE_SRC_FEDORAPROJECT_ORG_TOKEN', secretVariable: 'DISTSYNC_FORGE_SRC_FEDORAPROJECT_ORG_WEBHOOK_SECRET' },
      { host: 'gitlab.com', kind: 'gitlab', url: 'https://gitlab.com', botUser: 'centos-distsync', forkOwner: 'centos-distsync', tokenVariable: 'DISTSYNC_FORGE_GITLAB_COM_TOKEN', secretVariable: 'DISTSYNC_FORGE_GITLAB_COM_WEBHOOK_SECRET' },
      { host: 'git.example.org:3000', kind: 'forgejo', url: 'http://git.example.org:3000', botUser: 'bot', forkOwner: 'rpms-forks', tokenVariable: 'DISTSYNC_FORGE_GIT_EXAMPLE_ORG_3000_TOKEN', secretVariable: 'DISTSYNC_FORGE_GIT_EXAMPLE_ORG_3000_WEBHOOK_SECRET' },
    ]);
    expect(forgeEnvName('gitlab.com', 'TOKEN')).toBe('DISTSYNC_FORGE_GITLAB_COM_TOKEN');
  });

  it('a token in the file, an unknown kind or a host listed twice is refused with the line and the fix', () => {
    const token = thrown(() => parseForgeHosts('hosts:\n  - host: gitlab.com\n    kind: gitlab\n    bot_user: b\n    token: glpat-123\n', FILE));
    expect(token.format()).toBe(`${FILE}:5: key hosts[0].token: unknown key\n  next: fix ${FILE} (see README "Dist-git on Forgejo and GitLab"), then restart the App`);
    expect(thrown(() => parseForgeHosts('hosts:\n  - host: x.org\n    kind: bitbucket\n    bot_user: b\n', FILE)).message).toBe('key hosts[0].kind: expected one of "github", "forgejo", "gitea", "gitlab", got the string "bitbucket"');
    const twice = thrown(() => parseForgeHosts('hosts:\n  - {host: a.org, kind: gitlab, bot_user: b}\n  - {host: A.org, kind: forgejo, bot_user: c}\n', FILE));
    expect([twice.message, twice.line]).toEqual(['host A.org is listed twice', 3]);
    expect(thrown(() => parseForgeHosts('hosts:\n  - {host: "https://a.org/x", kind: gitlab, bot_user: b}\n', FILE)).message).toContain('a host name such as gitlab.com');
  });
});
