import { parseRepo } from '../../forge/types.js';
import type { Job } from '../../store/types.js';
import type { JobContext } from '../../jobs/types.js';
import type { AppDeps, ForgeFor } from '../app-deps.js';
import type { DistForgeFor } from '../dist-forge-for.js';
import { addWorktree, fetchMirror, pushBranch, removeWorktree } from '../../git/git-workspace.js';
import { runGit } from '../../git/run-git.js';
import type { SyncBackPayload } from './payloads.js';

/** Name of the source-git branch that carries dist-git commits back. */
export function syncBackBranchFor(distBranch: string): string {
  return `distsync/from-dist-git-${distBranch}`;
}

/** A push to dist-git by someone else: carry its commits back and open (or update) one source-git PR with them. */
export async function syncBack(deps: AppDeps, forgeFor: ForgeFor, distFor: DistForgeFor, job: Job, ctx: JobContext): Promise<void> {
  const p = job.payload as SyncBackPayload;
  const forge = await forgeFor(p.installationId);
  const side = await distFor(p.installationId, { repo: p.distRepo });
  // A person merging one of our own dist-git PRs in the UI pushes our sync commit: nothing to carry back.
  // (GitHub only; elsewhere update-source-git finds the sync commit's From-source-git-commit itself.)
  const ours = p.after && !side.host ? (await forge.pullsForCommit(side.repo, p.after)).find((x) => x.merged && x.author === deps.botLogin) : undefined;
  if (ours) {
    ctx.log.info(`sync-back ${p.distRepo}@${p.distBranch}: the push merged distsync's own ${p.distRepo}#${ours.number}; nothing to carry back`);
    return;
  }
  const auth = { token: await forge.gitToken() };
  const ws = deps.workspace;
  const sgMirror = await fetchMirror(ws, p.sourceRepo, ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], auth);
  const dgMirror = await fetchMirror(ws, side.remote, [`+refs/heads/${p.distBranch}:refs/heads/${p.distBranch}`], side.auth);
  const sgDir = await addWorktree(ws, sgMirror, `refs/heads/${p.sourceBranch}`);
  const dgDir = await addWorktree(ws, dgMirror, p.after ?? `refs/heads/${p.distBranch}`);
  try {
    const after = (await runGit(['rev-parse', 'HEAD'], { cwd: dgDir })).trim();
    // A push names its range; `/distsync sync-back` carries what was made since the last sync point.
    const range = p.before ? { range: `${p.before}..${after}` } : {};
    const result = await deps.engine.updateSourceGit({ log: ctx.log }, { distGitDir: dgDir, sourceGitDir: sgDir, ...range });
    if (result.commits.length === 0) {
      ctx.log.info(`sync-back ${p.distRepo}@${p.distBranch}: nothing to carry back`);
      return;
    }
    await ctx.assertCurrent();
    const branch = syncBackBranchFor(p.distBranch);
    const source = parseRepo(p.sourceRepo);
    await pushBranch(ws, sgDir, p.sourceRepo, branch, auth);
    const where = side.host ? `${side.host.url}/${side.repo.owner}/${side.repo.repo} branch ${p.distBranch}` : `${deps.webBaseUrl}/${p.distRepo}/tree/${p.distBranch}`;
    const title = `[distsync] Carry back ${p.distRepo} ${p.distBranch} commits`;
    const body = [
      p.before
        ? `Commits pushed to ${where} (${p.before.slice(0, 12)}..${after.slice(0, 12)}), carried back to source-git:`
        : `Commits made on ${where} since the last sync (up to ${after.slice(0, 12)}), carried back to source-git:`,
      '',
      ...result.carried.map((c) => `- ${p.distRepo}@${c.distGitCommit.slice(0, 12)} → ${c.sourceGitCommits.map((s) => s.slice(0, 12)).join(', ') || '(no source-git change)'}`),
      ...(result.notes.length ? ['', 'Notes:', ...result.notes.map((n) => `- ${n}`)] : []),
    ].join('\n');
    const existing = await forge.findOpenPull(source, source.owner, branch);
    if (existing) await forge.updatePull(source, existing.number, { title, body });
    else await forge.createPull(source, { title, body, head: branch, base: p.sourceBranch });
  } finally {
    await removeWorktree(sgMirror, sgDir);
    await removeWorktree(dgMirror, dgDir);
  }
}
