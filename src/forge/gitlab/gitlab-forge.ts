import type { DistGitForge } from '../dist-git-forge.js';
import { splitHead } from '../dist-git-forge.js';
import { restClient } from '../http/rest-client.js';
import type { RepoRef } from '../types.js';
import { permissionFromGitlab, pullFromGitlab, statusFromGitlab, type GitlabMergeRequest } from './gitlab-shapes.js';

export interface GitlabOptions {
  /** Web root, e.g. https://gitlab.com (the API is `<url>/api/v4`). */
  url: string;
  token: string;
  fetch?: typeof fetch;
}

const PAGE = 100;

/**
 * Dist-git on GitLab (CentOS Stream: merge requests from forks, pipelines and
 * external commit statuses). A repository is its full path: `owner` may hold
 * groups and subgroups (`redhat/centos-stream/rpms`).
 */
export function gitlabForge(o: GitlabOptions): DistGitForge {
  const api = restClient({ forge: 'GitLab', apiUrl: `${o.url.replace(/\/+$/, '')}/api/v4`, headers: { 'private-token': o.token }, ...(o.fetch ? { fetch: o.fetch } : {}) });
  const project = (r: RepoRef | string): string => `/projects/${encodeURIComponent(typeof r === 'string' ? r : `${r.owner}/${r.repo}`)}`;
  const projectId = async (path: string): Promise<number> => (await api.request<{ id: number }>('GET', project(path))).data.id;
  const projectPath = async (id: number): Promise<string> => (await api.request<{ path_with_namespace: string }>('GET', `/projects/${id}`)).data.path_with_namespace;
  const mr = (r: RepoRef, iid: number): string => `${project(r)}/merge_requests/${iid}`;

  return {
    kind: 'GitLab',
    permission: async (repo, user) => {
      const { data: users } = await api.request<{ id: number; username: string }[]>('GET', '/users', { query: { username: user } });
      const id = users.find((u) => u.username === user)?.id;
      if (id === undefined) return 'none';
      const res = await api.request<{ access_level?: number }>('GET', `${project(repo)}/members/all/${id}`, { accept: [404] });
      return res.status === 404 ? 'none' : permissionFromGitlab(res.data.access_level);
    },
    readFile: async (repo, path, ref) => {
      const res = await api.request<string>('GET', `${project(repo)}/repository/files/${encodeURIComponent(path)}/raw`, { query: { ref: ref ?? 'HEAD' }, accept: [404], text: true });
      return res.status === 404 ? undefined : res.data;
    },
    findOpenPull: async (repo, headOwner, branch) => {
      const { data } = await api.request<GitlabMergeRequest[]>('GET', `${project(repo)}/merge_requests`, { query: { state: 'opened', source_branch: branch, per_page: PAGE } });
      for (const m of data) {
        const from = m.source_project_id === m.target_project_id ? `${repo.owner}/${repo.repo}` : await projectPath(m.source_project_id);
        if (from.slice(0, from.lastIndexOf('/')) === headOwner) return pullFromGitlab(m);
      }
      return undefined;
    },
    getPull: async (repo, iid) => pullFromGitlab((await api.request<GitlabMergeRequest>('GET', mr(repo, iid))).data),
    createPull: async (repo, input) => {
      const { owner, branch } = splitHead(input.head);
      const body = { source_branch: branch, target_branch: input.base, title: input.title, description: input.body, remove_source_branch: false };
      if (!owner || owner === repo.owner) {
        return pullFromGitlab((await api.request<GitlabMergeRequest>('POST', `${project(repo)}/merge_requests`, { body })).data);
      }
      // From a fork: the request goes to the fork and names the target project.
      const target = await projectId(`${repo.owner}/${repo.repo}`);
      const { data } = await api.request<GitlabMergeRequest>('POST', `${project(`${owner}/${repo.repo}`)}/merge_requests`, { body: { ...body, target_project_id: target } });
      return pullFromGitlab(data);
    },
    updatePull: async (repo, iid, input) => {
      await api.request('PUT', mr(repo, iid), {
        body: {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.body !== undefined ? { description: input.body } : {}),
          ...(input.state ? { state_event: input.state === 'closed' ? 'close' : 'reopen' } : {}),
        },
      });
    },
    mergePull: async (repo, iid, sha, method) => {
      // GitLab's merge method (merge commit / fast-forward / semi-linear) is a project setting; squash is per request.
      await api.request('PUT', `${mr(repo, iid)}/merge`, { body: { sha, ...(method === 'squash' ? { squash: true } : {}) } });
    },
    deleteBranch: async (repo, branch) => {
      await api.request('DELETE', `${project(repo)}/repository/branches/${encodeURIComponent(branch)}`, { accept: [404] });
    },
    comment: async (repo, iid, body) => {
      await api.request('POST', `${mr(repo, iid)}/notes`, { body: { body } });
    },
    listStatuses: async (repo, sha) => {
      const { data } = await api.request<Parameters<typeof statusFromGitlab>[0][]>('GET', `${project(repo)}/repository/commits/${encodeURIComponent(sha)}/statuses`, { query: { per_page: PAGE } });
      return data.map(statusFromGitlab);
    },
    retryCi: async (repo, sha) => {
      const { data } = await api.request<{ id: number; status: string }[]>('GET', `${project(repo)}/pipelines`, { query: { sha, per_page: 1 } });
      const pipeline = data[0];
      // Only a pipeline that ended badly is run again: a green or running one is left alone.
      if (!pipeline || !['failed', 'canceled'].includes(pipeline.status)) return false;
      await api.request('POST', `${project(repo)}/pipelines/${pipeline.id}/retry`);
      return true;
    },
    gitToken: async () => o.token,
  };
}
