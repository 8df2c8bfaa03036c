import { join } from 'node:path';
import { forgeEnvName, type ForgeHost } from '../../src/core/config/forge-hosts.js';
import { startFakeForgejo } from '../fake-forgejo/fake-forgejo.js';
import { startFakeGitlab } from '../fake-gitlab/fake-gitlab.js';
import type { ForgeWebhooks } from '../fake-forge/webhook-sender.js';
import type { DistElsewhere } from './lifecycle-harness.js';

export const HOSTS_FILE = '/etc/distsync/forges.yaml';
/**
 * The hosts have a webhook secret, so the App does not poll their CI (a poll chain runs on the
 * clock, which would make these steps depend on timing). The dist-git repo's webhook (`addWebhook`,
 * signed with this secret) sends what a merge raises; lc.settle() delivers it.
 */
const WEBHOOK_SECRET = 'lifecycle-forge-secret';

/** A dist-git PR/MR as the test looks at it, whatever the forge. */
export interface DistPull {
  number: number;
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  title: string;
}

/** Dist-git of the lifecycle on a stateful fake forge (Forgejo or GitLab), seen through the forge's own state. */
export interface DistFake {
  kind: 'Forgejo' | 'GitLab';
  /** `dist_git.repo` as a package names it: `<host>/<path>`. */
  repoName: string;
  /** Creates the repository from the corpus dist-git and says how the App reaches it. */
  setup(distGit: string): DistElsewhere;
  /** The App's PR/MR whose head is `branch`. */
  pull(branch: string): DistPull | undefined;
  /** The bare repository the App pushes its PR branches to (the dist-git repo, or the bot's fork). */
  headDir(): string;
  /** Does `branch` still exist where the App pushes (the repo, or the bot's fork)? */
  headBranchExists(branch: string): boolean;
  /** Dist-git CI reports `state` on `sha`. */
  ci(sha: string, state: 'success' | 'failed'): void;
  /** A packager's commit straight on the dist-git branch `rawhide`. */
  commitOnRawhide(files: Record<string, string>): string;
  /** Someone else moves the PR head (a commit on the head branch). */
  moveHead(branch: string): string;
  /** Comments/notes on a PR/MR. */
  commentsOn(number: number): string[];
  /** GitLab: how often the pipeline of `sha` was retried. */
  retried(sha: string): number;
  /** bob (a Forgejo admin / GitLab Maintainer of dist-git) merges PR/MR `number` with the web UI's button (a merge commit). */
  mergeAsBob(number: number): void;
  /** The dist-git repo's webhook to `url` (the App's `/forge-webhooks/<host>`), with the host's secret. */
  addWebhook(url: string): void;
  /** The webhooks the forge raised and sent. */
  hooks: ForgeWebhooks;
  /** The host as the hosts file names it (the `<host>` of `/forge-webhooks/<host>`). */
  host: string;
  close(): Promise<void>;
}

const host = (url: string, kind: ForgeHost['kind'], extra: Partial<ForgeHost> = {}): ForgeHost => {
  const h = new URL(url).host;
  return { host: h, kind, url, botUser: 'distsync-bot', tokenVariable: forgeEnvName(h, 'TOKEN'), secretVariable: forgeEnvName(h, 'WEBHOOK_SECRET'), ...extra };
};

/** Fedora-style: src.<host>/rpms/lz4 on Forgejo, the bot a collaborator with write access, PRs from branches of the repo. */
export async function forgejoDist(dir: string): Promise<DistFake> {
  const fj = await startFakeForgejo({ dir: join(dir, 'forgejo') });
  const h = host(fj.url, 'forgejo');
  const R = 'rpms/lz4';
  const state = (p: { state: string; merged: boolean }): DistPull['state'] => (p.merged ? 'merged' : p.state === 'open' ? 'open' : 'closed');
  return {
    kind: 'Forgejo',
    repoName: `${h.host}/${R}`,
    setup: (distGit) => {
      fj.createRepo(R, { from: distGit, defaultBranch: 'rawhide', collaborators: { 'distsync-bot': 'write', bob: 'admin' } });
      return {
        forgeHosts: { file: HOSTS_FILE, hosts: [h], tokens: { [h.host]: fj.tokenFor('distsync-bot') }, secrets: { [h.host]: WEBHOOK_SECRET } },
        distDir: fj.git.dirOf(R), problems: () => fj.problems, deliver: async () => (await fj.hooks.deliver()).length,
      };
    },
    pull: (branch) => {
      const p = fj.state.pulls.filter((x) => x.repo === R && x.headRef === branch).pop();
      return p && { number: p.number, state: state(p), headSha: p.headSha, title: p.title };
    },
    headDir: () => fj.git.dirOf(R),
    headBranchExists: (branch) => fj.state.repos.get(R)!.branches.has(branch),
    ci: (sha, s) => fj.setStatus(R, sha, 'zuul/rpm-build', s === 'failed' ? 'failure' : 'success'),
    commitOnRawhide: (files) => fj.commit(R, 'rawhide', files),
    moveHead: (branch) => fj.commit(R, branch, { 'README.packager': 'a hand edit\n' }),
    commentsOn: (n) => fj.state.comments.filter((c) => c.repo === R && c.index === n).map((c) => c.body),
    retried: () => 0,
    mergeAsBob: (n) => fj.merge('bob', R, n),
    addWebhook: (url) => fj.addWebhook(R, url, WEBHOOK_SECRET),
    hooks: fj.hooks,
    host: h.host,
    close: () => fj.close(),
  };
}

/** CentOS Stream-style: redhat/centos-stream/rpms/lz4 on GitLab (subgroups), MRs from the bot's fork. */
export async function gitlabDist(dir: string): Promise<DistFake> {
  const gl = await startFakeGitlab({ dir: join(dir, 'gitlab') });
  const h = host(gl.url, 'gitlab', { forkOwner: 'distsync-bot' });
  const P = 'redhat/centos-stream/rpms/lz4';
  const FORK = 'distsync-bot/lz4';
  return {
    kind: 'GitLab',
    repoName: `${h.host}/${P}`,
    setup: (distGit) => {
      gl.createProject(P, { from: distGit, defaultBranch: 'rawhide', members: { bob: 40 } });
      gl.fork(P, 'distsync-bot');
      return {
        forgeHosts: { file: HOSTS_FILE, hosts: [h], tokens: { [h.host]: gl.tokenFor('distsync-bot') }, secrets: { [h.host]: WEBHOOK_SECRET } },
        distDir: gl.git.dirOf(P), problems: () => gl.problems, deliver: async () => (await gl.hooks.deliver()).length,
      };
    },
    pull: (branch) => {
      const m = gl.state.mergeRequests.filter((x) => x.projectId === gl.project(P).id && x.sourceBranch === branch).pop();
      return m && { number: m.iid, state: m.state === 'opened' ? 'open' : m.state, headSha: m.sha, title: m.title };
    },
    headDir: () => gl.git.dirOf(FORK),
    headBranchExists: (branch) => gl.project(FORK).branches.has(branch),
    ci: (sha, s) => {
      gl.setStatus(P, sha, 'rpm-build', s);
      gl.pipeline(P, sha, s);
    },
    commitOnRawhide: (files) => gl.commit(P, 'rawhide', files),
    moveHead: (branch) => gl.commit(FORK, branch, { 'README.packager': 'a hand edit\n' }),
    commentsOn: (n) => gl.state.notes.filter((x) => x.projectId === gl.project(P).id && x.iid === n).map((x) => x.body),
    retried: (sha) => gl.state.pipelines.filter((x) => x.sha === sha).reduce((a, x) => a + x.retried, 0),
    mergeAsBob: (n) => gl.merge('bob', P, n),
    addWebhook: (url) => gl.addWebhook(P, url, WEBHOOK_SECRET),
    hooks: gl.hooks,
    host: h.host,
    close: () => gl.close(),
  };
}
