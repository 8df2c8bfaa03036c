import type { CommitStatus, Permission } from '../types.js';

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
