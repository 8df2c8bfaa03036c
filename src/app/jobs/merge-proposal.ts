import { parseRepo, type Pull } from '../../forge/types.js';
import { fetchMirror, pushWithLease } from '../../git/git-workspace.js';
import { runGit } from '../../git/run-git.js';
import type { AppDeps } from '../app-deps.js';
import type { MergeMethods } from '../config/distsync-config-schema.js';
import { redChecks, refused, type MergeForges, type MergeResult } from './merge-prs.js';
import type { Proposal } from './proposal-marker.js';

const short = (sha: string) => sha.slice(0, 12);

/**
 * `/distsync merge` on propose-downstream's "Update to X" source-git PR. Its head is the
 * downstream commits rebased onto the new upstream tag: it does not descend from the base
 * branch, and every GitHub merge method would conflict or copy the upstream commits. So: check
 * that the base branch is still where the rebase was made from, that the PR and dist-git heads
 * are the proposed ones and dist-git CI is green; merge the dist-git PRs first (as for any PR);
 * then move the base branch to the PR head with a git lease on its old sha (checked by the
 * server in the same update), and close the PR with a comment saying so.
 */
export async function mergeProposal(deps: AppDeps, forges: MergeForges, sourceRepo: string, pull: Pull, proposal: Proposal, distGit: { repo: string; fork?: string }, methods: MergeMethods): Promise<MergeResult> {
  const { forge } = forges;
  const again = `/distsync propose-downstream --version ${proposal.version}`;
  const no = (why: string) => ({ merged: false, message: `${why} Nothing was merged.` }) as const;
  if (pull.state !== 'open') return no('This pull request is closed.');
  if (pull.headSha !== proposal.head) {
    return no(`The head of this pull request moved (${short(pull.headSha)}, proposed ${short(proposal.head)}); distsync publishes only the rebase it proposed. Comment \`${again}\` to propose it again (other changes belong in a pull request after it).`);
  }
  const auth = { token: await forge.gitToken() };
  const base = proposal.base;
  const mirror = await fetchMirror(deps.workspace, sourceRepo, [`+refs/heads/${base}:refs/heads/${base}`, `+refs/heads/${pull.headRef}:refs/heads/${pull.headRef}`], auth);
  const baseNow = (await runGit(['rev-parse', '--verify', `refs/heads/${base}^{commit}`], { cwd: mirror.dir })).trim();
  const published = baseNow === proposal.head;
  if (!published && baseNow !== proposal.baseSha) {
    return no(`\`${base}\` moved since this rebase was proposed (${short(proposal.baseSha)} → ${short(baseNow)}): publishing it would drop those commits. Comment \`${again}\` to rebase them too, then \`/distsync merge\` again.`);
  }

  const side = await forges.distFor(forges.installationId, distGit);
  const distPulls = await Promise.all(proposal.dist.map(async (d) => ({ ...d, ref: `${side.name}#${d.pr}`, pull: await side.forge.getPull(side.repo, d.pr) })));
  for (const d of distPulls.filter((x) => !x.pull.merged)) {
    if (d.pull.state !== 'open') return no(`${d.ref} (${d.branch}) was closed without merging. Comment \`${again}\` to propose again.`);
    if (d.pull.headSha !== d.sha) return no(`The head of ${d.ref} moved (${short(d.pull.headSha)}, proposed ${short(d.sha)}). Comment \`${again}\` to propose again.`);
    const red = await redChecks(forge, side, d.sha);
    if (red.length > 0) return no(`Not all checks on ${d.ref} passed:\n${red.map((r) => `- ${r}`).join('\n')}\n`);
  }
  const merged: string[] = [];
  for (const d of distPulls.filter((x) => !x.pull.merged)) {
    const refusal = await refused(() => side.forge.mergePull(side.repo, d.pr, d.sha, methods.distGit), side.forge.kind, methods.distGit, 'dist_git', d.ref);
    if (refusal) return { merged: false, message: merged.length ? `Merged ${merged.join(', ')}, but ${refusal}` : `${refusal} Nothing was merged.` };
    merged.push(d.ref);
  }
  const did = merged.length ? `Merged ${merged.join(', ')}` : `${distPulls.map((d) => d.ref).join(', ')} ${distPulls.length > 1 ? 'were' : 'was'} merged already`;

  if (!published) {
    const pushed = await pushWithLease(deps.workspace, mirror.dir, sourceRepo, proposal.head, base, proposal.baseSha, auth);
    if (!pushed.pushed) {
      const yourself = `\`git push --force-with-lease=${base}:${proposal.baseSha} origin ${proposal.head}:${base}\``;
      const why = pushed.reason === 'moved'
        ? `\`${base}\` moved while I was merging (${pushed.detail}), so I did not move it. Comment \`${again}\` to rebase the new commits too, then \`/distsync merge\` again.`
        : `GitHub refused to move \`${base}\` to this pull request's head (${pushed.detail}). Let the distsync App force-push to \`${base}\` (branch protection: allow force pushes for it; a ruleset: add it to the bypass list), or publish the rebase yourself with ${yourself}; then comment \`/distsync merge\` again to finish.`;
      return { merged: false, message: `${did}, but ${why}` };
    }
  }
  await forge.updatePull(parseRepo(sourceRepo), pull.number, { state: 'closed' });
  return {
    merged: true,
    message: [
      `${did}, then published this rebase: \`${base}\` is now ${short(proposal.head)}, the head of this pull request (it was ${short(proposal.baseSha)}).`,
      '',
      'GitHub counts a pull request as merged only when its own merge made the commit, and none of its methods can land a rebase onto a new upstream (they conflict, or copy the upstream commits), so this pull request is closed instead.',
      `Clones of \`${base}\` need \`git fetch origin && git reset --hard origin/${base}\`; open pull requests need a rebase onto it.`,
    ].join('\n'),
  };
}
