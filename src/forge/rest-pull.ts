import type { Pull } from './types.js';

/**
 * The fields we read of a pull request as GitHub's REST API and Forgejo's /
 * Gitea's API v1 (which copies GitHub's object) send it, in REST answers and
 * in `pull_request` webhooks alike.
 */
export interface RestPull {
  number: number;
  state: string;
  /** Absent in GitHub's list answers (GET /pulls, GET /commits/{sha}/pulls); always sent by Forgejo. */
  merged?: boolean | null;
  merged_at?: string | null;
  /** GitHub fills it on an open pull request too (its test merge commit). */
  merge_commit_sha?: string | null;
  title: string;
  body?: string | null;
  html_url: string;
  user?: { login?: string } | null;
  head: { ref: string; sha: string; repo?: { owner?: { login?: string } | null } | null };
  base: { ref: string };
}

/**
 * One mapping for both APIs. The two mappers it replaces had different rules
 * for `merged` and the merge commit, but each rule was only the other's
 * answer to the fields its own API happened to send, not a difference between
 * the APIs: GitHub's list answers lack `merged` and carry `merged_at`, so
 * merged is `merged ?? merged_at`; Forgejo always sends `merged`, and
 * `merged_at` / `merge_commit_sha` only once merged (Gitea's
 * `services/convert/pull.go`: set under `if pr.HasMerged`), so the same rule
 * holds. GitHub sends `merge_commit_sha` before the merge too (a test merge
 * commit, not on the base branch), so it counts only once merged, which on
 * Forgejo changes nothing. Nothing is left to pass in per API;
 * test/forge/rest-pull.test.ts runs both through it: GitHub's published webhook examples and our
 * Forgejo payloads (fixtures/forge-webhooks/).
 * (GitLab's merge request has other fields: gitlab-shapes.ts.)
 */
export function pullFromRest(p: RestPull): Pull {
  const merged = Boolean(p.merged ?? p.merged_at);
  return {
    number: p.number,
    state: p.state === 'open' ? 'open' : 'closed',
    merged,
    headSha: p.head.sha,
    headRef: p.head.ref,
    baseRef: p.base.ref,
    htmlUrl: p.html_url,
    title: p.title,
    body: p.body ?? '',
    ...(p.user?.login ? { author: p.user.login } : {}),
    ...(merged && p.merge_commit_sha ? { mergeCommitSha: p.merge_commit_sha } : {}),
  };
}
