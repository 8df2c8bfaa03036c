import { parseRepo, type Forge, type RepoRef } from '../../forge/types.js';
import type { DistForgeFor, DistGitSide } from '../dist-forge-for.js';
import type { Job } from '../../store/types.js';
import { JobSupersededError, type JobContext } from '../../jobs/types.js';
import { isRetryable } from '../../jobs/retryable.js';
import { distBranchFor, SYNC_CHECK_NAME, type AppDeps, type ForgeFor } from '../app-deps.js';
import { formatConfigProblem } from '../config/load-distsync-config.js';
import { distTargets, type DistsyncConfig } from '../config/distsync-config-schema.js';
import { addWorktree, fetchMirror, pushBranch, removeWorktree } from '../../git/git-workspace.js';
import { sameAsPushed } from '../../git/same-as-pushed.js';
import { readConfig } from './read-config.js';
import { describeFailure } from './describe-failure.js';
import { upsertDistPull } from './upsert-dist-pull.js';
import { commitsWithoutTracker, describeUntracked, type UntrackedCommit } from './require-tracker.js';
import type { SyncPrPayload } from './payloads.js';
import { distCiPollJob } from './poll-dist-ci.js';
import { parseDistRepoName } from '../../core/config/dist-repo-name.js';

/** Sync a source-git PR head into its dist-git branch and PR, reporting through the `distsync / dist-git` check run. */
export async function syncPr(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as SyncPrPayload;
  const forge = await forgeFor(p.installationId);
  const source = parseRepo(p.sourceRepo);
  // The distsync key decides where we push: read it from the base branch, never from the PR's own head.
  const loaded = await readConfig(forge, source, p.baseRef);
  if (!loaded) return;
  // A redelivered or late event about a merged/closed PR or a superseded head does nothing.
  const stale = await staleReason(deps, forge, distFor, p);
  if (stale) {
    ctx.log.info(`sync-pr ${p.sourceRepo}#${p.pr}: ${stale}; nothing to sync for ${p.headSha.slice(0, 12)}`);
    return;
  }
  await ctx.assertCurrent();
  const externalId = `sync:${job.id}`;
  const earlier = job.attempts > 1 ? (await forge.listCheckRuns(source, p.headSha, SYNC_CHECK_NAME)).find((c) => c.externalId === externalId) : undefined;
  const checkId = earlier?.id ?? (await forge.createCheckRun(source, { name: SYNC_CHECK_NAME, headSha: p.headSha, status: 'queued', externalId }));
  if (!loaded.ok) {
    await forge.updateCheckRun(source, checkId, {
      status: 'completed',
      conclusion: 'failure',
      title: `Configuration error in ${loaded.problem.file}`,
      summary: formatConfigProblem(loaded.problem),
    });
    return;
  }
  await saveRoutes(deps, p, loaded.config.dist_git);
  const targets = distTargets(loaded.config.dist_git.branches[p.baseRef]).map((t) => t.branch);
  const distBase = targets[0];
  if (!distBase) {
    await forge.updateCheckRun(source, checkId, {
      status: 'completed',
      conclusion: 'neutral',
      title: `Branch ${p.baseRef} is not synced`,
      summary: `\`dist_git.branches\` in .distro/distsync.yaml maps no dist-git branch to \`${p.baseRef}\`. Add \`${p.baseRef}: [<dist-git branch>]\` to sync pull requests against it.`,
    });
    return;
  }
  await forge.updateCheckRun(source, checkId, { status: 'in_progress', title: 'Syncing into dist-git', summary: `Target: ${loaded.config.dist_git.repo} ${distBase}` });
  const paths: Record<string, string> = {};
  try {
    const side = await distFor(p.installationId, loaded.config.dist_git);
    const run = { deps, forge, ctx, p, source, side, distBase, paths };
    const outcome = await syncInWorkspace(run, loaded.config.require_tracker);
    if ('untracked' in outcome) {
      await forge.updateCheckRun(source, checkId, { status: 'completed', conclusion: 'failure', ...describeUntracked(outcome.untracked) });
      return;
    }
    const others = targets.slice(1);
    if (loaded.notes?.length) outcome.summary += `\n\nNote: ${loaded.notes.join('\n')}`;
    if (others.length) outcome.summary += `\n\nAlso mapped to ${others.join(', ')}: this App syncs a pull request into the first dist-git branch only; carry it to the others after the merge.`;
    await forge.updateCheckRun(source, checkId, { status: 'completed', conclusion: 'success', ...outcome });
    const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.pr);
    if (link) await deps.store.savePrLink({ ...link, checkRunId: checkId });
    // A dist-git host that sends the App no webhooks (no secret configured): poll its CI for this head.
    if (link && side.host && !deps.forgeHosts?.secrets?.[side.host.host]) await deps.store.enqueue(distCiPollJob(link, p.installationId, deps.now()));
  } catch (e) {
    if (e instanceof JobSupersededError) {
      await forge.updateCheckRun(source, checkId, { status: 'completed', conclusion: 'skipped', title: 'Superseded by a newer push', summary: 'A newer head of this pull request is being synced instead.' });
      throw e;
    }
    const willRetry = !ctx.lastAttempt && isRetryable(e);
    await forge.updateCheckRun(source, checkId, describeFailure(e, willRetry, job, paths, deps.workspace.cacheDir));
    throw e;
  }
}

interface SyncRun {
  deps: AppDeps;
  forge: Forge;
  ctx: JobContext;
  p: SyncPrPayload;
  source: RepoRef;
  /** The dist-git forge, repository and PR-branch target (GitHub, Forgejo or GitLab). */
  side: DistGitSide;
  distBase: string;
  /** Job worktree → its public name, for error texts (filled as worktrees are made). */
  paths: Record<string, string>;
}

async function syncInWorkspace(r: SyncRun, requireTracker: boolean): Promise<{ title: string; summary: string; detailsUrl: string } | { untracked: UntrackedCommit[] }> {
  const { deps, forge, p, side } = r;
  const auth = { token: await forge.gitToken() };
  const ws = deps.workspace;
  // two different mirrors (each with its own lock): fetch them at the same time
  const [sgMirror, dgMirror] = await Promise.all([
    fetchMirror(ws, p.sourceRepo, [`+refs/pull/${p.pr}/head:refs/distsync/pr-${p.pr}`, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], auth),
    fetchMirror(ws, side.remote, [`+refs/heads/${r.distBase}:refs/heads/${r.distBase}`], side.auth),
  ]);
  const sgDir = await addWorktree(ws, sgMirror, p.headSha);
  const dgDir = await addWorktree(ws, dgMirror, `refs/heads/${r.distBase}`).catch(async (e: unknown) => {
    await removeWorktree(sgMirror, sgDir);
    throw e;
  });
  r.paths[sgDir] = `<source-git ${p.sourceRepo}#${p.pr}>`;
  r.paths[dgDir] = `<dist-git ${side.name} ${r.distBase}>`;
  try {
    const untracked = requireTracker ? await commitsWithoutTracker(sgDir, p.baseRef, p.headSha) : [];
    if (untracked.length) return { untracked };
    const message = `Sync source-git PR ${p.sourceRepo}#${p.pr}${p.merged ? ' as merged' : ''}\n\nSource-git ${p.merged ? `${p.baseRef} after the merge` : 'head'}: ${p.headSha}`;
    const result = await deps.engine.updateDistGit({ log: r.ctx.log, ...(deps.rpmSandbox ? { rpmSandbox: deps.rpmSandbox } : {}) }, { sourceGitDir: sgDir, distGitDir: dgDir, message });
    await r.ctx.assertCurrent();
    const branch = distBranchFor(p.sourceRepo, p.pr);
    // Push only a change: a commit with the tree and parent of the open PR's head would only restart dist-git CI.
    const existing = await side.forge.findOpenPull(side.repo, side.head.repo.owner, branch);
    const unchanged = existing !== undefined && (await sameAsPushed(ws, dgMirror, dgDir, { repo: side.head.remote, branch, sha: existing.headSha }, side.auth));
    const distSha = unchanged ? existing.headSha : await pushBranch(ws, dgDir, side.head.remote, branch, side.auth);
    const pull = await upsertDistPull(r, branch, distSha, existing);
    const files = [...result.added.map((f) => `added ${f}`), ...result.updated.map((f) => `updated ${f}`), ...result.removed.map((f) => `removed ${f}`)];
    const summary = [
      `Dist-git PR: ${pull.htmlUrl}`,
      `Source-git head: ${p.headSha}`,
      result.changed ? `Changes:\n${files.map((f) => `- ${f}`).join('\n') || '- spec only'}` : 'dist-git already matched this head; nothing to change.',
      ...(result.notes.length ? [`Notes:\n${result.notes.map((n) => `- ${n}`).join('\n')}`] : []),
    ].join('\n\n');
    return { title: `Synced into ${side.name}#${pull.number}`, summary, detailsUrl: pull.htmlUrl };
  } finally {
    await removeWorktree(sgMirror, sgDir);
    await removeWorktree(dgMirror, dgDir);
  }
}

/** Why this sync has nothing to do: the PR was closed, merged or moved on since the event (for a merged PR: its dist-git PR is no longer open). */
async function staleReason(deps: AppDeps, forge: Forge, distFor: DistForgeFor, p: SyncPrPayload): Promise<string | undefined> {
  const pull = await forge.getPull(parseRepo(p.sourceRepo), p.pr);
  if (p.merged) {
    if (!pull.merged || pull.mergeCommitSha !== p.headSha) return 'the pull request was not merged as this event says';
    const link = await deps.store.getPrLinkBySource(p.sourceRepo, p.pr);
    if (!link) return 'it has no dist-git pull request';
    const side = await distFor(p.installationId, { repo: link.distRepo });
    const dist = await side.forge.getPull(side.repo, link.distPr);
    return dist.state === 'open' ? undefined : `${link.distRepo}#${link.distPr} is ${dist.merged ? 'merged' : 'closed'} already`;
  }
  if (pull.state !== 'open') return `the pull request is ${pull.merged ? 'merged' : 'closed'}`;
  return pull.headSha === p.headSha ? undefined : `its head moved on to ${pull.headSha.slice(0, 12)}`;
}

/** Remember which source-git branches feed which dist-git branches, so a push to dist-git finds its source-git. */
export async function saveRoutes(deps: Pick<AppDeps, 'store'>, p: Pick<SyncPrPayload, 'sourceRepo' | 'installationId'>, distGit: DistsyncConfig['dist_git']): Promise<void> {
  // By the canonical name (host lower-cased), as PR links and a forge's webhooks name the repository.
  const named = parseDistRepoName(distGit.repo);
  const distRepo = 'error' in named ? distGit.repo : named.name;
  for (const [sourceBranch, entries] of Object.entries(distGit.branches)) {
    for (const { branch: distBranch } of distTargets(entries)) {
      await deps.store.savePackageRoute({ sourceRepo: p.sourceRepo, sourceBranch, distRepo, distBranch, installationId: p.installationId });
    }
  }
}
