import type { CommitStatus, Permission, Pull } from '../types.js';

/** The fields of Forgejo's / Gitea's PullRequest (API v1) we read. */
export interface ForgejoPull {
  number: number;
  state: string;
  merged?: boolean;
  title: string;
  body?: string | null;
  html_url: string;
  user?: { login?: string } | null;
  head: { ref: string; sha: string; repo?: { owner?: { login?: string } | null } | null };
  base: { ref: string };
}

export function pullFromForgejo(p: ForgejoPull): Pull {
  return {
    number: p.number,
    state: p.state === 'open' ? 'open' : 'closed',
    merged: Boolean(p.merged),
    headSha: p.head.sha,
    headRef: p.head.ref,
    baseRef: p.base.ref,
    htmlUrl: p.html_url,
    title: p.title,
    body: p.body ?? '',
    ...(p.user?.login ? { author: p.user.login } : {}),
  };
}

/** Forgejo's commit status states: pending, success, error, failure, warning. */
export function statusFromForgejo(s: { context?: string; status?: string; state?: string; description?: string | null; target_url?: string | null }): CommitStatus {
  const raw = s.status ?? s.state ?? 'pending';
  const state = raw === 'success' || raw === 'error' || raw === 'failure' ? raw : raw === 'warning' ? 'failure' : 'pending';
  const description = raw === 'warning' ? `warning${s.description ? `: ${s.description}` : ''}` : s.description;
  return {
    context: s.context ?? 'default',
    state,
    ...(description ? { description } : {}),
    ...(s.target_url ? { targetUrl: s.target_url } : {}),
  };
}

/** Forgejo's collaborator permission: owner, admin, write, read, none. */
export function permissionFromForgejo(p: string | undefined): Permission {
  if (p === 'owner' || p === 'admin') return 'admin';
  if (p === 'write' || p === 'read') return p;
  return 'none';
}
