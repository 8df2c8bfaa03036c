import { join } from 'node:path';
import { DistsyncError, isDistsyncError } from '../../core/errors.js';
import { parseRepo, type Forge, type RepoRef } from '../../forge/types.js';
import type { DistGitForge } from '../../forge/dist-git-forge.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import { createGit } from '../../git/index.js';
import { createLocalLookaside, createSourceDownloader } from '../../lookaside/index.js';
import type { Job } from '../../store/types.js';
import { JobSupersededError, RetryLaterError, type JobContext } from '../../jobs/types.js';
import { isRetryable } from '../../jobs/retryable.js';
import { findUpstreamTag, versionFromTag, type UpstreamTarget } from '../../sync/find-upstream-tag.js';
import { openSourceGit, readSourceGit } from '../../sync/read-source-git.js';
import { proposeCheckName, type AppDeps, type ForgeFor } from '../app-deps.js';
import { distTargets, type DistsyncConfig, type DistTarget } from '../config/distsync-config-schema.js';
import { formatConfigProblem } from '../config/load-distsync-config.js';
import { addWorktree, fetchMirror, pushRef, removeWorktree, type RepoMirror } from '../../git/git-workspace.js';
import { runGit, type GitAuth } from '../../git/run-git.js';
import { readConfig } from './read-config.js';
import { fetchUpstreamTag, rememberUpstream } from '../upstream-follow.js';
import { describeProposeError, distPullBody, failureIssueTitle, reportFailure, sourcePullBody } from './propose-report.js';
import type { ProposeDownstreamPayload } from './payloads.js';
import { formatProposalMarker } from './proposal-marker.js';
import { proposeBranchFor } from './propose-branch.js';
import { saveRoutes } from './sync-pr.js';

/** How long a release waits for its tag to show up before looking again. */
const TAG_WAIT_MS = 60_000;

interface Run {
  deps: AppDeps;
  forge: Forge;
  /** The package's dist-git forge (GitHub, Forgejo or GitLab), from dist_git.repo. */
  distFor: DistForgeFor;
  ctx: JobContext;
  p: ProposeDownstreamPayload;
  source: RepoRef;
  config: DistsyncConfig;
  auth: GitAuth;
  sgMirror: RepoMirror;
  sgDir: string;
  /** The source-git branch and its sha the rebase is made from (`/distsync merge` moves it only from there). */
  base: { branch: string; sha: string };
}

/**
 * A release, an upstream tag pushed to source-git, or `/distsync propose-downstream`:
 * run propose-downstream against each configured dist-git branch whose version mask takes
 * the version, push the branches, open or update one dist-git PR per branch and one
 * source-git PR, and report through one check run per dist-git branch on the release
 * commit. Failures open (or update) one issue on the source-git repo.
 */
export async function proposeDownstreamJob(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as ProposeDownstreamPayload;
  const forge = await forgeFor(p.installationId);
  const source = parseRepo(p.sourceRepo);
  const loaded = await readConfig(forge, source);
  if (!loaded) return;
  const requested = p.version ?? p.tag ?? 'of the newest upstream tag';
  if (!loaded.ok) {
    if (p.trigger === 'tag') return; // a tag push on a repo whose config is broken: the sync check already says so
    await reportFailure(forge, source, deps.botLogin, failureIssueTitle(requested), `The distsync configuration is invalid:\n\n${formatConfigProblem(loaded.problem)}`);
    return;
  }
  const auth = { token: await forge.gitToken() };
  const ws = deps.workspace;
  const sgMirror = await fetchMirror(ws, p.sourceRepo, ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], auth);
  const [sourceBranch, entries] = Object.entries(loaded.config.dist_git.branches)[0]!;
  const sgDir = await addWorktree(ws, sgMirror, `refs/heads/${sourceBranch}`);
  try {
    const base = { branch: sourceBranch, sha: (await runGit(['rev-parse', 'HEAD'], { cwd: sgDir })).trim() };
    const run: Run = { deps, forge, distFor, ctx, p, source, config: loaded.config, auth, sgMirror, sgDir, base };
    const sgGit = await openSourceGit(sgDir, ctx.log);
    const sgConfig = (await readSourceGit(sgGit)).config;
    const template = sgConfig.upstream_tag_template;
    // A separate upstream repository's releases reach this repo from now on (and this one's tag comes from there).
    const follows = await rememberUpstream(deps.store, { sourceRepo: p.sourceRepo, sourceBranch, upstreamProjectUrl: sgConfig.upstream_project_url, webBaseUrl: deps.webBaseUrl, installationId: p.installationId });
    if (p.upstreamRepo && follows?.toLowerCase() !== p.upstreamRepo.toLowerCase()) {
      ctx.log.info(`${p.sourceRepo} no longer follows ${p.upstreamRepo} (upstream_project_url: ${sgConfig.upstream_project_url ?? 'unset'}): nothing to propose`);
      return;
    }
    if (p.upstreamRepo && p.tag) {
      // Not there (yet): findUpstreamTag below says ref-not-found and the job looks again later.
      await fetchUpstreamTag({ dir: sgDir, gitBaseUrl: ws.gitBaseUrl, upstreamRepo: p.upstreamRepo, tag: p.tag, auth, ...(ws.config ? { config: ws.config } : {}) }).catch((e: unknown) => ctx.log.info(`fetching ${p.tag} from ${p.upstreamRepo}: ${e instanceof Error ? e.message : String(e)}`));
    }
    if (p.trigger === 'tag' && !/^\d/.test(versionFromTag(template, p.tag ?? '') ?? '')) {
      ctx.log.info(`tag ${p.tag ?? ''} does not match upstream_tag_template '${template}': not a release`);
      return;
    }
    let target: UpstreamTarget;
    try {
      target = await findUpstreamTag(sgGit, { template, currentVersion: '0', ...(p.tag ? { tag: p.tag } : {}), ...(p.version ? { version: p.version } : {}) });
    } catch (e) {
      if (!isDistsyncError(e)) throw e;
      // A release or tag event can arrive before its tag reaches the repository (or our mirror of it): wait, keeping the package's order.
      if (e.code === 'ref-not-found' && p.trigger !== 'command' && !ctx.lastAttempt) throw new RetryLaterError(`${e.message}; looking again in a minute`, TAG_WAIT_MS);
      await reportFailure(forge, source, deps.botLogin, failureIssueTitle(p.version ?? requested), issueBody(run, describeProposeError(e, { [sgDir]: '<source-git>' })));
      return;
    }
    // A person's merge of a dist-git "Update to" PR finds this repo by them (route-event.ts).
    await saveRoutes(deps, p, loaded.config.dist_git);
    await proposeToBranches(run, sourceBranch, distTargets(entries), target);
  } finally {
    await removeWorktree(sgMirror, sgDir);
  }
}

async function proposeToBranches(r: Run, sourceBranch: string, targets: DistTarget[], target: UpstreamTarget): Promise<void> {
  const { forge, source, deps, config } = r;
  const accepted = targets.filter((t) => !t.versionMask || new RegExp(t.versionMask).test(target.version));
  const checks = new Map<string, number>();
  for (const t of targets) {
    const skipped = !accepted.includes(t);
    const id = await forge.createCheckRun(source, {
      name: proposeCheckName(t.branch),
      headSha: target.sha,
      externalId: `propose:${r.p.sourceRepo}:${target.version}:${t.branch}`,
      ...(skipped
        ? { status: 'completed', conclusion: 'skipped', title: `${target.version} does not match the version mask of ${t.branch}`, summary: `\`version_mask: ${t.versionMask ?? ''}\` of dist-git branch ${t.branch} does not match ${target.version}: nothing proposed to it.` }
        : { status: 'in_progress', title: `Proposing ${target.version} to ${config.dist_git.repo} ${t.branch}`, summary: `Tag \`${target.tag}\` (${target.sha})` }),
    });
    if (!skipped) checks.set(t.branch, id);
  }
  if (accepted.length === 0) return;
  const fail = async (text: string, conclusion: 'failure' = 'failure') => {
    const url = await reportFailure(forge, source, deps.botLogin, failureIssueTitle(target.version), issueBody(r, text, target));
    for (const id of checks.values()) {
      await forge.updateCheckRun(source, id, { status: 'completed', conclusion, title: `propose-downstream ${target.version} failed`, summary: `${text}\n\nReported in ${url}`, detailsUrl: url });
    }
  };
  if (!config.packager) {
    await fail('`packager` is missing from .distro/distsync.yaml: propose-downstream writes a %changelog entry and needs an identity.\n\nFix: add to .distro/distsync.yaml\n```yaml\npackager: { name: Your Name, email: you@example.org }\n```');
    return;
  }
  try {
    await proposeEach(r, sourceBranch, accepted, target, config.packager, checks);
  } catch (e) {
    if (e instanceof JobSupersededError) throw e;
    if (isRetryable(e) && !r.ctx.lastAttempt) throw e;
    await fail(`\`\`\`\n${describeProposeError(e, { [r.sgDir]: '<source-git>' })}\n\`\`\``);
    if (!isDistsyncError(e)) throw e;
  }
}

async function proposeEach(r: Run, sourceBranch: string, accepted: DistTarget[], target: UpstreamTarget, packager: { name: string; email: string }, checks: Map<string, number>): Promise<void> {
  const { deps, forge, source, config, auth } = r;
  const ws = deps.workspace;
  const side = await r.distFor(r.p.installationId, config.dist_git);
  const dist = side.repo;
  const headRepo = side.head.repo;
  const lookasideDir = config.lookaside ? join(deps.lookasideDir, config.lookaside.dir) : deps.lookasideDir;
  const lookaside = deps.lookasideStore ? deps.lookasideStore(auth) : createLocalLookaside(lookasideDir);
  // Source0 as a release asset (or an https URL of upstream_project_url): downloaded, digest-checked, instead of git archive.
  const downloadSource0 = createSourceDownloader({ webBaseUrl: deps.webBaseUrl, apiBaseUrl: apiBaseFor(deps.webBaseUrl), token: auth.token });
  const dgMirror = await fetchMirror(ws, side.remote, accepted.map((t) => `+refs/heads/${t.branch}:refs/heads/${t.branch}`), side.auth);
  const proposed: { branch: string; result: Awaited<ReturnType<AppDeps['engine']['proposeDownstream']>>; distSha: string }[] = [];
  for (const t of accepted) {
    const dgDir = await addWorktree(ws, dgMirror, `refs/heads/${t.branch}`);
    try {
      const result = await deps.engine.proposeDownstream(
        { log: r.ctx.log },
        { sourceGitDir: r.sgDir, distGitDir: dgDir, tag: target.tag, lookaside, downloadSource0, packager, date: new Date(deps.now()) },
      );
      await r.ctx.assertCurrent();
      const distSha = await pushRef(ws, dgMirror.dir, side.head.remote, `refs/heads/${result.distGitBranch}`, proposeBranchFor(t.branch, result.version), side.auth);
      proposed.push({ branch: t.branch, result, distSha });
    } catch (e) {
      if (isDistsyncError(e)) throw new DistsyncError(e.code, e.message.split(dgDir).join(`<dist-git ${t.branch}>`), e.next ? { next: e.next.split(dgDir).join(`<dist-git ${t.branch}>`) } : {});
      throw e;
    } finally {
      await removeWorktree(dgMirror, dgDir);
    }
  }
  const first = proposed[0]!;
  const sgBranch = first.result.sourceGitBranch;
  const sgHead = await pushRef(ws, r.sgMirror.dir, r.p.sourceRepo, `refs/heads/${sgBranch}`, sgBranch, auth);
  const common = { sourceRepo: r.p.sourceRepo, distRepo: config.dist_git.repo, webBaseUrl: deps.webBaseUrl, result: first.result, lookaside: lookaside.describe() };
  const title = `[distsync] Update to ${first.result.version}`;
  const sgBody = sourcePullBody(common, proposed.map((x) => x.branch));
  const sgPull = await upsertPull(forge, source, source.owner, sgBranch, sourceBranch, title, sgBody);
  const distPulls: { branch: string; pr: number; sha: string }[] = [];
  for (const x of proposed) {
    const branch = proposeBranchFor(x.branch, x.result.version);
    const head = headRepo.owner === dist.owner ? branch : `${headRepo.owner}:${branch}`;
    const pull = await upsertPull(side.forge, dist, headRepo.owner, branch, x.branch, `${title} (${x.branch})`, distPullBody({ ...common, distBranch: x.branch, result: x.result }, sgPull.htmlUrl), head);
    await forge.updateCheckRun(source, checks.get(x.branch)!, {
      status: 'completed',
      conclusion: 'success',
      title: `Proposed ${x.result.version} to ${config.dist_git.repo} ${x.branch}`,
      summary: `Dist-git PR: ${pull.htmlUrl}\nSource-git PR: ${sgPull.htmlUrl}\nDist-git head: ${x.distSha}`,
      detailsUrl: pull.htmlUrl,
    });
    distPulls.push({ branch: x.branch, pr: pull.number, sha: x.distSha });
  }
  // What `/distsync merge` on the source-git PR checks before it publishes the rebase (see merge-proposal.ts).
  const marker = formatProposalMarker({ version: first.result.version, base: r.base.branch, baseSha: r.base.sha, head: sgHead, dist: distPulls });
  await forge.updatePull(source, sgPull.number, { body: `${sgBody}\n\n${marker}` });
}

/** One PR per head branch: a re-run for the same version updates it instead of opening another. */
async function upsertPull(forge: Pick<DistGitForge, 'findOpenPull' | 'updatePull' | 'createPull'>, repo: RepoRef, headOwner: string, branch: string, base: string, title: string, body: string, head = branch): Promise<{ number: number; htmlUrl: string }> {
  const existing = await forge.findOpenPull(repo, headOwner, branch);
  if (existing) {
    await forge.updatePull(repo, existing.number, { title, body });
    return existing;
  }
  return forge.createPull(repo, { title, body, head, base });
}

function issueBody(r: Run, text: string, target?: UpstreamTarget): string {
  const trigger = r.p.trigger === 'command' ? '`/distsync propose-downstream`' : r.p.trigger === 'release' ? `the release of \`${r.p.tag ?? ''}\`` : `the push of tag \`${r.p.tag ?? ''}\``;
  return [
    `distsync could not propose ${target ? `${target.version} (tag \`${target.tag}\`)` : (r.p.version ?? r.p.tag ?? 'the newest upstream tag')} to ${r.config.dist_git.repo}, asked by ${trigger}.`,
    '',
    text,
    '',
    'Nothing was pushed for the failed branches. Fix the cause, then comment `/distsync propose-downstream' + (target ? ` --version ${target.version}` : '') + '` on any issue of this repository; this issue is updated if it fails again.',
  ].join('\n');
}

/** The REST API of a GitHub web base: api.github.com, or GitHub Enterprise's /api/v3. */
export function apiBaseFor(webBaseUrl: string): string {
  const u = new URL(webBaseUrl);
  return u.host === 'github.com' ? 'https://api.github.com' : `${u.origin}/api/v3`;
}
