import { parseRepo, type Forge, type RepoRef } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import { queueKeyFor, type AppDeps, type ForgeFor } from '../app-deps.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import { retestDistGit } from './retest-dist-git.js';
import { HELP_TEXT, parseCommand, type Command } from '../commands/parse-command.js';
import { mayRunCommands } from '../commands/may-run-commands.js';
import { readConfig } from './read-config.js';
import type { MergeForges } from './merge-prs.js';
import { mergeCommand } from './merge-command.js';
import { enqueueRebuild } from './enqueue-rebuild.js';
import type { ConfigResult } from '../config/load-distsync-config.js';
import { distTargets } from '../config/distsync-config-schema.js';
import type { CommandPayload, ProposeDownstreamPayload, SyncBackPayload, SyncPrPayload } from './payloads.js';

/** `/distsync …` on an issue or PR: react 👀, check who asks, run the command, answer with the outcome. */
export async function runCommand(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job): Promise<void> {
  const p = job.payload as CommandPayload;
  const parsed = parseCommand(p.body);
  if (parsed.kind === 'none') return;
  const forge = await forgeFor(p.installationId);
  const repo = parseRepo(p.repo);
  await forge.reactEyes(repo, p.commentId);
  const config = await readConfig(forge, repo);
  const allowed = config?.ok ? config.config.allowed_users : [];
  if (!(await mayRunCommands(forge, repo, p.user, allowed))) {
    await forge.comment(repo, p.issue, `Sorry @${p.user}, only people with write access to this repository (or listed in \`distsync.allowed_users\`) can run distsync commands. A maintainer can run it for you.`);
    return;
  }
  if (parsed.kind === 'invalid') {
    await forge.comment(repo, p.issue, `I did not understand that: ${parsed.reason}. Comment \`/distsync help\` for the commands.`);
    return;
  }
  await forge.comment(repo, p.issue, await answer(deps, { forge, distFor, installationId: p.installationId }, repo, p, parsed.command, job, config));
}

async function answer(deps: AppDeps, forges: MergeForges, repo: RepoRef, p: CommandPayload, command: Command, job: Job, config: ConfigResult | undefined): Promise<string> {
  const { forge } = forges;
  if (command.name === 'help') return HELP_TEXT;
  if (command.name === 'propose-downstream') {
    if (!config) return 'This repository has no .distro/source-git.yaml on its default branch, so there is nothing to propose.';
    return enqueuePropose(deps, p, command.version, job);
  }
  if (command.name === 'rebuild') return enqueueRebuild(deps, forge, repo, p, command.branch, job);
  if (!p.isPull) return `\`/distsync ${command.name}\` works on pull requests only.`;
  switch (command.name) {
    case 'sync-back':
      return enqueueSyncBack(deps, forge, repo, p, job, config);
    case 'sync':
      return enqueueSync(deps, forge, repo, p, job);
    case 'status':
      return status(deps, forges, p);
    case 'merge':
      return (await mergeCommand(deps, forges, p.repo, p.issue, config)).message;
    case 'retest':
      return retest(deps, forges, p, config);
  }
}

async function enqueueSync(deps: AppDeps, forge: Forge, repo: RepoRef, p: CommandPayload, job: Job): Promise<string> {
  const pull = await forge.getPull(repo, p.issue);
  const payload: SyncPrPayload = { installationId: p.installationId, sourceRepo: p.repo, pr: p.issue, headSha: pull.headSha, baseRef: pull.baseRef };
  const queued = await deps.store.enqueue(
    { kind: 'sync-pr', queueKey: queueKeyFor(p.repo), supersedeKey: `sync:${p.repo}#${p.issue}`, payload, ...(job.deliveryId ? { deliveryId: job.deliveryId } : {}) },
  );
  return `Sync of ${pull.headSha.slice(0, 12)} queued (job ${queued.id}); the \`distsync / dist-git\` check shows its progress.`;
}

async function enqueuePropose(deps: AppDeps, p: CommandPayload, version: string | undefined, job: Job): Promise<string> {
  const payload: ProposeDownstreamPayload = { installationId: p.installationId, sourceRepo: p.repo, trigger: 'command', ...(version ? { version } : {}) };
  const queued = await deps.store.enqueue({ kind: 'propose-downstream', queueKey: queueKeyFor(p.repo), payload, ...(job.deliveryId ? { deliveryId: job.deliveryId } : {}) });
  const what = version ? `version ${version}` : 'the newest upstream tag';
  return `Proposing ${what} downstream (job ${queued.id}): the \`distsync / propose-downstream (<dist-git branch>)\` checks on the release commit show the progress; a failure opens an issue in this repository.`;
}

/** Carry the hand-made commits of the dist-git branch this PR's base syncs into back to source-git (the push handler's job). */
async function enqueueSyncBack(deps: AppDeps, forge: Forge, repo: RepoRef, p: CommandPayload, job: Job, config: ConfigResult | undefined): Promise<string> {
  if (!config?.ok) return '.distro/distsync.yaml (or the deprecated `distsync:` key of .distro/source-git.yaml) on the default branch is missing or invalid, so I do not know the dist-git repository.';
  const pull = await forge.getPull(repo, p.issue);
  const distBranch = distTargets(config.config.dist_git.branches[pull.baseRef])[0]?.branch;
  if (!distBranch) return `\`distsync.dist_git.branches\` maps no dist-git branch to \`${pull.baseRef}\`, so there is nothing to carry back.`;
  const payload: SyncBackPayload = { installationId: p.installationId, sourceRepo: p.repo, sourceBranch: pull.baseRef, distRepo: config.config.dist_git.repo, distBranch };
  const queued = await deps.store.enqueue({ kind: 'sync-back', queueKey: queueKeyFor(p.repo), payload, ...(job.deliveryId ? { deliveryId: job.deliveryId } : {}) });
  return `Carrying ${config.config.dist_git.repo} ${distBranch} commits back (job ${queued.id}): they arrive as a pull request from \`distsync/from-dist-git-${distBranch}\` into \`${pull.baseRef}\`.`;
}

async function status(deps: AppDeps, forges: MergeForges, p: CommandPayload): Promise<string> {
  const link = await deps.store.getPrLinkBySource(p.repo, p.issue);
  if (!link) return 'No dist-git pull request yet. Comment `/distsync sync` to create it.';
  const side = await forges.distFor(forges.installationId, { repo: link.distRepo });
  const pull = await side.forge.getPull(side.repo, link.distPr);
  // GitHub: check runs; Forgejo and GitLab: commit statuses.
  const lines = side.host
    ? (await side.forge.listStatuses(side.repo, pull.headSha)).map((s) => `- ${s.context}: ${s.state}`)
    : (await forges.forge.listCheckRuns(side.repo, pull.headSha)).map((r) => `- ${r.name}: ${r.status === 'completed' ? r.conclusion : r.status}`);
  return [
    `Dist-git PR: ${pull.htmlUrl} (${pull.merged ? 'merged' : pull.state})`,
    `Synced source-git head: \`${link.sourceHeadSha}\``,
    lines.length ? `Checks:\n${lines.join('\n')}` : 'No checks on the dist-git PR yet.',
  ].join('\n');
}

async function retest(deps: AppDeps, forges: MergeForges, p: CommandPayload, config: ConfigResult | undefined): Promise<string> {
  const link = await deps.store.getPrLinkBySource(p.repo, p.issue);
  if (!link) return 'No dist-git pull request yet. Comment `/distsync sync` to create it.';
  return retestDistGit(forges, link, config?.ok ? config.config.retest_comment : undefined);
}
