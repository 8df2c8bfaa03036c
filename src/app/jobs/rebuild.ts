import { DistsyncError, isDistsyncError } from '../../core/errors.js';
import { upstreamBranchFor } from '../../core/openpatch/index.js';
import { parseRepo, type Forge, type RepoRef } from '../../forge/types.js';
import { createLocalLookaside } from '../../lookaside/index.js';
import type { JobContext } from '../../jobs/types.js';
import type { Job } from '../../store/types.js';
import { openpatchRebuild, type OpenpatchRebuildResult } from '../../sync/openpatch-rebuild.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import { loadOpenpatchConfig, OPENPATCH_CONFIG_FILE } from '../config/openpatch-config.js';
import { fetchMirror, pushRef } from '../../git/git-workspace.js';
import { withMirrorLock } from '../../git/mirror-cache.js';
import type { OpenpatchRebuildPayload } from './payloads.js';
import { rebuildBranchFor, rebuildFailureBody, rebuildIssueTitle, rebuildPullBody } from './rebuild-report.js';

/** Failures a person must fix (directives, config, branches); anything else is retried. */
const needsPerson = (e: unknown) => isDistsyncError(e) && e.code !== 'git-failed' && e.code !== 'lookaside-failed';

/**
 * A push to the upstream dist-git branch (or `/distsync rebuild`): rebuild the branch from upstream
 * with the directives on `distsync/rebuild-<branch>` and open/update one PR into `<branch>` with the
 * directive report. A failure a person must fix opens (or updates) one issue with the report.
 */
export async function rebuildJob(deps: AppDeps, forgeFor: ForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as OpenpatchRebuildPayload;
  const forge = await forgeFor(p.installationId);
  const repo = parseRepo(p.rebuildRepo);
  const reply = async (text: string) => (p.issue !== undefined ? forge.comment(repo, p.issue, text) : undefined);
  const text = await forge.readFile(repo, OPENPATCH_CONFIG_FILE);
  const config = text === undefined ? undefined : loadOpenpatchConfig(text);
  if (!config?.ok) return void (await reply(config ? `The rebuild configuration is invalid: ${config.problem}` : `This repository has no ${OPENPATCH_CONFIG_FILE} on its default branch, so there is nothing to rebuild.`));
  const upstreamBranch = config.config.upstream_branches[p.branch] ?? upstreamBranchFor(p.branch);
  const upstream = `${config.config.upstream}@${upstreamBranch}`;
  let result: OpenpatchRebuildResult;
  const auth = { token: await forge.gitToken() };
  const upMirror = await fetchMirror(deps.workspace, config.config.upstream, [`+refs/heads/${upstreamBranch}:refs/heads/${upstreamBranch}`], auth).catch(async (e: unknown) => {
    if (!/couldn't find remote ref|not found|could not read from remote|returned error: 40[34]/i.test(String((e as Error)?.message ?? e))) throw e;
    const gone = new DistsyncError('ref-not-found', `cannot fetch ${upstream}: the repository or the branch does not exist, or this installation cannot read it`, {
      next: `check upstream and upstream_branches in ${OPENPATCH_CONFIG_FILE}, and that the App's installation covers ${config.config.upstream}`,
    });
    await ctx.assertCurrent();
    await reply(`The rebuild of \`${p.branch}\` failed: ${await reportFailure(deps, forge, repo, p.branch, upstream, gone)}`);
    return null;
  });
  if (!upMirror) return;
  const rbMirror = await fetchMirror(deps.workspace, p.rebuildRepo, ['+refs/heads/*:refs/heads/*'], auth);
  const writeBranch = rebuildBranchFor(p.branch);
  try {
    result = await withMirrorLock(rbMirror.dir, () =>
      openpatchRebuild({ log: ctx.log }, { upstreamDir: upMirror.dir, rebuildDir: rbMirror.dir, branch: p.branch, upstreamBranch, writeBranch, dryRun: false, lookaside: createLocalLookaside(deps.lookasideDir) }),
    );
  } catch (e) {
    if (!needsPerson(e)) throw e;
    await ctx.assertCurrent();
    const issue = await reportFailure(deps, forge, repo, p.branch, upstream, e);
    return void (await reply(`The rebuild of \`${p.branch}\` failed: ${issue}`));
  }
  if (!result.changed) return void (await reply(`Nothing to rebuild: ${result.reason}.`));
  await ctx.assertCurrent();
  await pushRef(deps.workspace, rbMirror.dir, p.rebuildRepo, `refs/heads/${writeBranch}`, writeBranch, auth);
  const title = `[distsync] Rebuild ${p.branch} from ${upstreamBranch} ${result.upstreamCommit.slice(0, 12)}`;
  const body = rebuildPullBody(deps.webBaseUrl, config.config.upstream, result);
  const existing = await forge.findOpenPull(repo, repo.owner, writeBranch);
  const pull = existing ? (await forge.updatePull(repo, existing.number, { title, body }), existing) : await forge.createPull(repo, { title, body, head: writeBranch, base: p.branch });
  await reply(`Rebuilt \`${p.branch}\` from \`${upstream}\` (${result.upstreamCommit.slice(0, 12)}): ${pull.htmlUrl}`);
}

async function reportFailure(deps: AppDeps, forge: Forge, repo: RepoRef, branch: string, upstream: string, e: unknown): Promise<string> {
  const title = rebuildIssueTitle(branch);
  const body = rebuildFailureBody(branch, upstream, e);
  const open = await forge.findOpenIssue(repo, deps.botLogin, title);
  if (open) {
    await forge.updateIssue(repo, open.number, { body });
    return open.htmlUrl;
  }
  return (await forge.createIssue(repo, { title, body })).htmlUrl;
}
