import { DistsyncError } from '../core/errors.js';
import { parseDistRepoName, type DistRepoName } from '../core/config/dist-repo-name.js';
import type { ForgeHost } from '../core/config/forge-hosts.js';
import type { DistGitForge } from '../forge/dist-git-forge.js';
import { forgejoForge } from '../forge/forgejo/forgejo-forge.js';
import { gitlabForge } from '../forge/gitlab/gitlab-forge.js';
import type { RepoRef } from '../forge/types.js';
import type { GitAuth } from '../git/run-git.js';
import type { ForgeHostsSetting } from './forge-hosts-file.js';

/** A repository on the dist-git side: its canonical name (store and git-cache key), path on its forge, and git URL. */
export interface DistRepo {
  /** `owner/name` (the App's GitHub) or `host/path/name` (a host of the hosts file). */
  name: string;
  repo: RepoRef;
  /** For git (fetchMirror/pushBranch): the mirror key and the HTTPS URL (no credentials in it). */
  remote: { name: string; url: string };
}

/** Everything a job needs to work on one package's dist-git: the forge, the repository, where PR branches go, git's token. */
export interface DistGitSide extends DistRepo {
  forge: DistGitForge;
  /** Where the App pushes its PR branches: a fork (the host's `fork`, or dist_git.fork) or the repository itself. */
  head: DistRepo;
  /** Git over HTTPS: the token (in a header) and its basic-auth user. */
  auth: GitAuth;
  /** The host's entry of the hosts file; undefined for the App's own GitHub (check runs live there too). */
  host?: ForgeHost;
}

/** `dist_git.repo` (and `dist_git.fork`) of a package → its dist-git side. Throws a bad-config DistsyncError naming the fix. */
export type DistForgeFor = (installationId: number, distGit: { repo: string; fork?: string }) => Promise<DistGitSide>;

export interface DistForgeForDeps {
  hosts: ForgeHostsSetting;
  /** The App's git host, e.g. https://github.com (for `owner/name`). */
  gitBaseUrl: string;
  /** The installation's GitHub as a dist-git forge (for `owner/name`). */
  github: (installationId: number) => Promise<DistGitForge>;
}

/**
 * Pick the dist-git forge from how the package names its dist-git: `owner/name` is the App's
 * GitHub with the installation token (unchanged behaviour); `host/path/name` is that host's
 * adapter (Forgejo/Gitea or GitLab) from the hosts file, with its token.
 */
export function distForgeFor(deps: DistForgeForDeps): DistForgeFor {
  return async (installationId, distGit) => {
    const name = parseName(distGit.repo, 'dist_git.repo');
    const fork = distGit.fork === undefined ? undefined : parseName(distGit.fork, 'dist_git.fork');
    if (name.host === undefined) {
      if (fork?.host !== undefined) throw badConfig(`dist_git.fork ${distGit.fork} is on ${fork.host}, but dist_git.repo ${distGit.repo} is on GitHub`, 'name the fork as owner/name on GitHub too');
      const forge = await deps.github(installationId);
      const onGithub = (n: DistRepoName): DistRepo => ({ name: n.name, repo: { owner: n.owner, repo: n.repo }, remote: { name: n.name, url: `${deps.gitBaseUrl}/${n.name}.git` } });
      return { forge, ...onGithub(name), head: onGithub(fork ?? name), auth: { token: await forge.gitToken() } };
    }
    const host = deps.hosts.hosts.find((h) => h.host === name.host);
    if (!host) throw unknownHost(name.host, deps.hosts.file);
    if (fork && fork.host !== name.host) throw badConfig(`dist_git.fork ${distGit.fork} is not on ${name.host}, where dist_git.repo is`, `name a fork on ${name.host} (or drop dist_git.fork: the hosts file's fork setting decides)`);
    if (host.kind === 'github') throw badConfig(`${host.host} is a GitHub host in ${deps.hosts.file}: the App works with dist-git on another GitHub than its own only through its installation`, `name the dist-git repository as owner/name on the App's GitHub, or give ${host.host} kind forgejo/gitlab`);
    if (host.kind === 'forgejo' && name.owner.includes('/')) throw badConfig(`${distGit.repo}: a Forgejo repository is <host>/<owner>/<name>, without subgroups`, `fix dist_git.repo in .distro/distsync.yaml`);
    const token = deps.hosts.tokens[host.host];
    if (token === undefined) throw unknownHost(host.host, deps.hosts.file);
    const forge = host.kind === 'forgejo' ? forgejoForge({ url: host.url, token }) : gitlabForge({ url: host.url, token });
    const onHost = (owner: string, repo: string): DistRepo => ({ name: `${host.host}/${owner}/${repo}`, repo: { owner, repo }, remote: { name: `${host.host}/${owner}/${repo}`, url: `${host.url}/${owner}/${repo}.git` } });
    const headOwner = fork?.owner ?? host.forkOwner ?? name.owner;
    const headName = fork?.repo ?? name.repo;
    return { forge, ...onHost(name.owner, name.repo), head: onHost(headOwner, headName), auth: { token, user: host.botUser }, host };
  };
}

function parseName(text: string, key: string): DistRepoName {
  const parsed = parseDistRepoName(text);
  if ('error' in parsed) throw badConfig(`${key} ${text}: ${parsed.error}`, `fix ${key} in .distro/distsync.yaml`);
  return parsed;
}

function badConfig(message: string, next: string): DistsyncError {
  return new DistsyncError('bad-config', message, { file: '.distro/distsync.yaml', next });
}

function unknownHost(host: string, file: string | undefined): DistsyncError {
  const entry = `{ host: ${host}, kind: forgejo or gitlab, bot_user: <the token's user> }`;
  if (file === undefined) {
    return new DistsyncError('bad-config', `dist_git.repo names the host ${host}, but the App has no hosts file (DISTSYNC_FORGES_FILE is not set)`, {
      next: `ask the App's operator to list ${host} in a hosts file (hosts: [${entry}]), set DISTSYNC_FORGES_FILE to it and DISTSYNC_FORGE_<HOST>_TOKEN, then restart the App (README, "Dist-git on Forgejo and GitLab")`,
    });
  }
  return new DistsyncError('bad-config', `dist_git.repo names the host ${host}, which the App's hosts file ${file} does not list`, {
    next: `ask the App's operator to add ${entry} under hosts: in ${file} and set its token variable, then restart the App (README, "Dist-git on Forgejo and GitLab")`,
  });
}
