import type { ProbotOctokit } from 'probot';
import type { CheckRunUpdate, Forge, Permission, Pull, RepoRef } from '../types.js';
import { installationToken } from './installation-token.js';
import { checkRunBody } from './github-shapes.js';
import { pullFromRest, type RestPull } from '../rest-pull.js';

/** The Forge over one installation's Octokit (retry/throttling are the Octokit's business). */
export function githubForge(octokit: ProbotOctokit): Forge {
  return {
    permission: async (repo, username) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...repo, username });
      const role = (data as { role_name?: string }).role_name;
      if (role === 'maintain' || role === 'triage') return role;
      return data.permission as Permission;
    },
    readFile: async (repo, path, ref) => {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, ...(ref ? { ref } : {}) });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
        return Buffer.from(data.content, 'base64').toString('utf8');
      } catch (e) {
        if (status(e) === 404) return undefined;
        throw e;
      }
    },
    createCheckRun: async (repo, input) => {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        ...repo,
        name: input.name,
        head_sha: input.headSha,
        ...checkRunBody(input),
      });
      return Number(data.id);
    },
    updateCheckRun: async (repo, id, update: CheckRunUpdate) => {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: id, ...checkRunBody(update) });
    },
    rerequestCheckRun: async (repo, id) => {
      await octokit.request('POST /repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest', { ...repo, check_run_id: id });
    },
    listCheckRuns: async (repo, ref, checkName) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref, per_page: 100, ...(checkName ? { check_name: checkName } : {}) });
      return data.check_runs.map((c) => ({
        id: Number(c.id),
        name: c.name,
        status: c.status as 'queued' | 'in_progress' | 'completed',
        ...(c.conclusion ? { conclusion: c.conclusion } : {}),
        ...(c.app?.slug ? { appSlug: c.app.slug } : {}),
        ...(c.external_id ? { externalId: c.external_id } : {}),
        ...(c.output.title ? { title: c.output.title } : {}),
        ...(c.output.summary ? { summary: c.output.summary } : {}),
        ...(c.html_url ? { htmlUrl: c.html_url } : {}),
      }));
    },
    listStatuses: async (repo, ref) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/status', { ...repo, ref });
      return data.statuses.map((s) => ({
        context: s.context,
        state: s.state as 'error' | 'failure' | 'pending' | 'success',
        ...(s.description ? { description: s.description } : {}),
        ...(s.target_url ? { targetUrl: s.target_url } : {}),
      }));
    },
    findOpenPull: async (repo, headOwner, branch) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls', { ...repo, state: 'open', head: `${headOwner}:${branch}` });
      const first = data[0];
      return first ? pullFromRest(first as RestPull) : undefined;
    },
    getPull: async (repo, pull_number) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number });
      return pullFromRest(data as RestPull);
    },
    createPull: async (repo, input): Promise<Pull> => {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...repo, ...input, maintainer_can_modify: false });
      return pullFromRest(data as RestPull);
    },
    updatePull: async (repo, pull_number, input) => {
      await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number, ...input });
    },
    mergePull: async (repo, pull_number, sha, method) => {
      await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', { ...repo, pull_number, sha, ...(method ? { merge_method: method } : {}) });
    },
    pullsForCommit: async (repo, commit_sha) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...repo, commit_sha, per_page: 100 });
      return data.map((p) => pullFromRest(p as RestPull));
    },
    deleteBranch: async (repo, branch) => {
      try {
        await octokit.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: `heads/${branch}` });
      } catch (e) {
        if (status(e) !== 404 && status(e) !== 422) throw e;
      }
    },
    comment: async (repo: RepoRef, issue_number, body) => {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number, body });
    },
    reactEyes: async (repo, comment_id) => {
      await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { ...repo, comment_id, content: 'eyes' });
    },
    findOpenIssue: async (repo, creator, title) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', { ...repo, state: 'open', creator, per_page: 100 });
      const found = data.find((i) => i.title === title && !i.pull_request);
      return found ? { number: found.number, htmlUrl: found.html_url } : undefined;
    },
    createIssue: async (repo, input) => {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', { ...repo, title: input.title, body: input.body.slice(0, 60_000) });
      return { number: data.number, htmlUrl: data.html_url };
    },
    updateIssue: async (repo, issue_number, input) => {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...repo, issue_number, body: input.body.slice(0, 60_000) });
    },
    gitToken: async () => installationToken(octokit),
  };
}

function status(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}
