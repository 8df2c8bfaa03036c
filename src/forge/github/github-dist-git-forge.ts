import type { ProbotOctokit } from 'probot';
import type { DistGitForge } from '../dist-git-forge.js';
import { githubForge } from './github-forge.js';
import { translatingFailures } from './github-forge-error.js';

/**
 * Dist-git on GitHub (an OpenELA-style dist-git), as a DistGitForge: the same
 * pull requests, statuses, comments and branches as the App's GitHub Forge,
 * plus the merge method; failures are the typed ForgeHttpError of every dist-git forge.
 */
export function githubDistGitForge(octokit: ProbotOctokit): DistGitForge {
  const gh = githubForge(octokit);
  return translatingFailures<DistGitForge>({
    kind: 'GitHub',
    permission: gh.permission,
    readFile: gh.readFile,
    findOpenPull: gh.findOpenPull,
    getPull: gh.getPull,
    createPull: gh.createPull,
    updatePull: gh.updatePull,
    mergePull: async (repo, pull_number, sha, method) => {
      await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', { ...repo, pull_number, sha, ...(method ? { merge_method: method } : {}) });
    },
    deleteBranch: gh.deleteBranch,
    comment: gh.comment,
    listStatuses: gh.listStatuses,
    // Dist-git CI on GitHub reports through other Apps' check suites (or commit statuses from
    // outside CI); GitHub's rerequest endpoint reaches only the suites of the App that asks, so
    // distsync cannot re-run them itself: the App posts the repository's retest_comment instead.
    retryCi: async () => false,
    gitToken: gh.gitToken,
  });
}
