import { createHmac } from 'node:crypto';
import { ForgeWebhooks } from '../fake-forge/webhook-sender.js';
import { readCommit } from '../fake-github/bare-git.js';
import type { FjPull, FjRepo, FjState, FjUser } from './fake-forgejo.js';
import { pullJson, repoJson, userJson } from './routes.js';

/**
 * Forgejo's webhook deliveries: the event in `X-Forgejo-Event` (and Gitea's `X-Gitea-Event`), a
 * random delivery id in `X-Forgejo-Delivery`/`X-Gitea-Delivery`, the body signed with HMAC-SHA256
 * of the hook's secret, hex, in `X-Forgejo-Signature`/`X-Gitea-Signature`.
 */
export function forgejoWebhooks(): ForgeWebhooks {
  return new ForgeWebhooks((event, id, body, secret) => {
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    return {
      'x-forgejo-event': event, 'x-gitea-event': event, 'x-forgejo-event-type': event, 'x-gitea-event-type': event,
      'x-forgejo-delivery': id, 'x-gitea-delivery': id, 'x-forgejo-signature': signature, 'x-gitea-signature': signature,
    };
  });
}

/** `pull_request` with `action` (`closed`, and `pull_request.merged` true for a merge), as Forgejo sends it for the PR's repository. */
export function pullRequestEvent(s: FjState, p: FjPull, action: string, sender: FjUser, web: string): object {
  const base = s.repos.get(p.repo)!;
  return { action, number: p.number, pull_request: pullJson(s, p, web), requested_reviewer: null, repository: repoJson(s, base, web), sender: userJson(sender), commit_id: '', review: null };
}

/** `push` of `ref` from `before` to `after` (the commits it added, oldest first; Forgejo lists them newest first). */
export function pushEvent(s: FjState, r: FjRepo, dir: string, ref: string, before: string, after: string, added: string[], pusher: FjUser, web: string): object {
  const full = `${r.owner}/${r.name}`;
  const commitJson = (sha: string) => {
    const c = readCommit(dir, sha);
    const who = { name: c.author.name, email: c.author.email, username: '' };
    return { id: sha, message: c.message, url: `${web}/${full}/commit/${sha}`, author: who, committer: { name: c.committer.name, email: c.committer.email, username: '' }, verification: null, timestamp: c.author.date, added: [], removed: [], modified: [] };
  };
  const commits = [...added].reverse().map(commitJson);
  return {
    ref, before, after, compare_url: `${web}/${full}/compare/${before}...${after}`, commits, total_commits: commits.length,
    head_commit: commits[0] ?? null, repository: repoJson(s, r, web), pusher: userJson(pusher), sender: userJson(pusher),
  };
}
