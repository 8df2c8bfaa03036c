import type { DistGitForge } from '../dist-git-forge.js';
import { splitHead } from '../dist-git-forge.js';
import { restClient } from '../http/rest-client.js';
import type { RepoRef } from '../types.js';
import { permissionFromForgejo, statusFromForgejo } from './forgejo-shapes.js';
import { pullFromRest, type RestPull } from '../rest-pull.js';

export interface ForgejoOptions {
  /** Web root, e.g. https://src.fedoraproject.org (the API is `<url>/api/v1`). */
  url: string;
  token: string;
  fetch?: typeof fetch;
}

const PAGE = 50;

/** Dist-git on Forgejo (and Gitea, whose API v1 it shares). */
export function forgejoForge(o: ForgejoOptions): DistGitForge {
  const api = restClient({ forge: 'Forgejo', apiUrl: `${o.url.replace(/\/+$/, '')}/api/v1`, headers: { authorization: `token ${o.token}` }, ...(o.fetch ? { fetch: o.fetch } : {}) });
  const base = (r: RepoRef): string => `/repos/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repo)}`;

  return {
    kind: 'Forgejo',
    permission: async (repo, user) => {
      const res = await api.request<{ permission?: string }>('GET', `${base(repo)}/collaborators/${encodeURIComponent(user)}/permission`, { accept: [403, 404] });
      return res.status === 200 ? permissionFromForgejo(res.data.permission) : 'none';
    },
    readFile: async (repo, path, ref) => {
      const res = await api.request<string>('GET', `${base(repo)}/raw/${path.split('/').map(encodeURIComponent).join('/')}`, { query: { ref }, accept: [404], text: true });
      return res.status === 404 ? undefined : res.data;
    },
    findOpenPull: async (repo, headOwner, branch) => {
      for (let page = 1; ; page++) {
        const { data } = await api.request<RestPull[]>('GET', `${base(repo)}/pulls`, { query: { state: 'open', page, limit: PAGE } });
        const hit = data.find((p) => p.head.ref === branch && (p.head.repo?.owner?.login ?? repo.owner) === headOwner);
        if (hit) return pullFromRest(hit);
        if (data.length < PAGE) return undefined;
      }
    },
    getPull: async (repo, number) => pullFromRest((await api.request<RestPull>('GET', `${base(repo)}/pulls/${number}`)).data),
    createPull: async (repo, input) => {
      const { owner, branch } = splitHead(input.head);
      const head = owner && owner !== repo.owner ? `${owner}:${branch}` : branch;
      const { data } = await api.request<RestPull>('POST', `${base(repo)}/pulls`, { body: { title: input.title, body: input.body, head, base: input.base } });
      return pullFromRest(data);
    },
    updatePull: async (repo, number, input) => {
      await api.request('PATCH', `${base(repo)}/pulls/${number}`, { body: input });
    },
    mergePull: async (repo, number, sha, method) => {
      await api.request('POST', `${base(repo)}/pulls/${number}/merge`, { body: { Do: method ?? 'merge', head_commit_id: sha } });
    },
    deleteBranch: async (repo, branch) => {
      await api.request('DELETE', `${base(repo)}/branches/${encodeURIComponent(branch)}`, { accept: [404] });
    },
    comment: async (repo, number, body) => {
      await api.request('POST', `${base(repo)}/issues/${number}/comments`, { body: { body } });
    },
    listStatuses: async (repo, sha) => {
      const out = [];
      for (let page = 1; ; page++) {
        const { data } = await api.request<Parameters<typeof statusFromForgejo>[0][]>('GET', `${base(repo)}/commits/${encodeURIComponent(sha)}/statuses`, { query: { page, limit: PAGE } });
        out.push(...data.map(statusFromForgejo));
        if (data.length < PAGE) return latestPerContext(out);
      }
    },
    // Forgejo's API v1 has no "run this commit's CI again": the App comments retest_comment instead.
    retryCi: async () => false,
    gitToken: async () => o.token,
  };
}

/** Forgejo lists every status ever set, newest first: keep the newest per context. */
function latestPerContext<T extends { context: string }>(all: T[]): T[] {
  const seen = new Set<string>();
  return all.filter((s) => (seen.has(s.context) ? false : (seen.add(s.context), true)));
}
