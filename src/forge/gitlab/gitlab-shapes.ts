import type { CommitStatus, Permission, Pull } from '../types.js';

/** The fields of GitLab's merge request (REST v4) we read. */
export interface GitlabMergeRequest {
  iid: number;
  state: string;
  title: string;
  description?: string | null;
  web_url: string;
  sha: string;
  source_branch: string;
  target_branch: string;
  source_project_id: number;
  target_project_id: number;
  author?: { username?: string } | null;
}

export function pullFromGitlab(m: GitlabMergeRequest): Pull {
  return {
    number: m.iid,
    state: m.state === 'opened' ? 'open' : 'closed',
    merged: m.state === 'merged',
    headSha: m.sha,
    headRef: m.source_branch,
    baseRef: m.target_branch,
    htmlUrl: m.web_url,
    title: m.title,
    body: m.description ?? '',
    ...(m.author?.username ? { author: m.author.username } : {}),
  };
}

/** GitLab's commit status / job states → GitHub-style commit status states. */
export function statusFromGitlab(s: { name?: string; status: string; description?: string | null; target_url?: string | null }): CommitStatus {
  const state = s.status === 'success' ? 'success' : s.status === 'failed' ? 'failure' : s.status === 'canceled' ? 'error' : s.status === 'skipped' ? 'success' : 'pending';
  const description = s.status === 'skipped' || s.status === 'canceled' ? `${s.status}${s.description ? `: ${s.description}` : ''}` : s.description;
  return {
    context: s.name ?? 'default',
    state,
    ...(description ? { description } : {}),
    ...(s.target_url ? { targetUrl: s.target_url } : {}),
  };
}

/** GitLab access levels: 50 owner, 40 maintainer, 30 developer, 20 reporter, 10 guest, 5 minimal. */
export function permissionFromGitlab(level: number | undefined): Permission {
  if (level === undefined) return 'none';
  if (level >= 50) return 'admin';
  if (level >= 40) return 'maintain';
  if (level >= 30) return 'write';
  if (level >= 20) return 'triage';
  if (level >= 10) return 'read';
  return 'none';
}
