import type { CheckRunUpdate, Pull } from '../types.js';

/** The fields of GitHub's pull request object we read. */
export interface ApiPull {
  number: number;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  head: { sha: string; ref: string };
  base: { ref: string };
  html_url: string;
  title: string;
  body?: string | null;
  user?: { login: string } | null;
  merge_commit_sha?: string | null;
}

export function pullFromApi(p: ApiPull): Pull {
  return {
    number: p.number,
    state: p.state === 'closed' ? 'closed' : 'open',
    merged: Boolean(p.merged ?? p.merged_at),
    headSha: p.head.sha,
    headRef: p.head.ref,
    baseRef: p.base.ref,
    htmlUrl: p.html_url,
    title: p.title,
    body: p.body ?? '',
    ...(p.user?.login ? { author: p.user.login } : {}),
    ...(p.merge_commit_sha && Boolean(p.merged ?? p.merged_at) ? { mergeCommitSha: p.merge_commit_sha } : {}),
  };
}

const MAX_TEXT = 60_000;

/** Check-run request fields shared by create and update; GitHub caps output text at 65535 chars. */
export function checkRunBody(u: CheckRunUpdate) {
  return {
    status: u.status,
    ...(u.conclusion ? { conclusion: u.conclusion } : {}),
    ...(u.detailsUrl ? { details_url: u.detailsUrl } : {}),
    ...(u.externalId ? { external_id: u.externalId } : {}),
    ...(u.title !== undefined ? { output: { title: u.title.slice(0, 1000), summary: (u.summary ?? '').slice(0, MAX_TEXT) } } : {}),
  };
}
