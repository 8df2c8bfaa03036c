import { randomUUID } from 'node:crypto';
import { ForgeWebhooks } from '../fake-forge/webhook-sender.js';
import { readCommit } from '../fake-github/bare-git.js';
import type { GlMergeRequest, GlProject, GlState, GlUser } from './fake-gitlab.js';

/**
 * GitLab's webhook deliveries: the event in `X-Gitlab-Event`, the hook's secret token as it is in
 * `X-Gitlab-Token`, a delivery id in `X-Gitlab-Event-UUID` and `Idempotency-Key` (GitLab 17.4+).
 */
export function gitlabWebhooks(): ForgeWebhooks {
  const webhookUuid = randomUUID();
  return new ForgeWebhooks((event, id, _body, secret) => ({
    'x-gitlab-event': event, 'x-gitlab-token': secret, 'x-gitlab-event-uuid': id, 'idempotency-key': id,
    'x-gitlab-webhook-uuid': webhookUuid, 'user-agent': 'GitLab/17.6.0',
  }));
}

const userJson = (u: GlUser) => ({ id: u.id, name: u.username, username: u.username, avatar_url: null, email: '[REDACTED]' });

function projectJson(p: GlProject, web: string) {
  const name = p.path.slice(p.path.lastIndexOf('/') + 1);
  const namespace = p.path.slice(0, p.path.lastIndexOf('/'));
  return {
    id: p.id, name, description: '', web_url: `${web}/${p.path}`, avatar_url: null, git_ssh_url: `git@${new URL(web).host}:${p.path}.git`,
    git_http_url: `${web}/${p.path}.git`, namespace: namespace.slice(namespace.lastIndexOf('/') + 1), visibility_level: 20, path_with_namespace: p.path,
    default_branch: p.defaultBranch, homepage: `${web}/${p.path}`, http_url: `${web}/${p.path}.git`,
  };
}

const repositoryJson = (p: GlProject, web: string) => ({ name: p.path.slice(p.path.lastIndexOf('/') + 1), url: `${web}/${p.path}.git`, description: '', homepage: `${web}/${p.path}`, git_http_url: `${web}/${p.path}.git`, visibility_level: 20 });

function commitJson(dir: string, path: string, sha: string, web: string) {
  const c = readCommit(dir, sha);
  return { id: sha, message: `${c.message}\n`, title: c.message.split('\n')[0], timestamp: c.author.date, url: `${web}/${path}/-/commit/${sha}`, author: { name: c.author.name, email: c.author.email } };
}

/** `Merge Request Hook` with `object_attributes.action` (`merge` for a merge), as GitLab sends it to the target project's hooks. */
export function mergeRequestEvent(s: GlState, m: GlMergeRequest, action: string, user: GlUser, dir: string, web: string): object {
  const target = s.projects.get(m.projectId)!;
  const source = s.projects.get(m.sourceProjectId)!;
  return {
    object_kind: 'merge_request', event_type: 'merge_request', user: userJson(user), project: projectJson(target, web), repository: repositoryJson(target, web),
    object_attributes: {
      id: m.projectId * 1000 + m.iid, iid: m.iid, target_branch: m.targetBranch, source_branch: m.sourceBranch, source_project_id: m.sourceProjectId,
      target_project_id: m.projectId, author_id: m.author.id, title: m.title, description: m.description, state: m.state,
      merge_status: 'can_be_merged', detailed_merge_status: m.state === 'opened' ? 'mergeable' : 'not_open', draft: false,
      merge_commit_sha: m.mergeCommitSha ?? null, url: `${web}/${target.path}/-/merge_requests/${m.iid}`,
      source: projectJson(source, web), target: projectJson(target, web), last_commit: commitJson(dir, target.path, m.sha, web), action,
    },
    labels: [], changes: m.state === 'merged' ? { state_id: { previous: 1, current: 3 } } : {}, assignees: [], reviewers: [],
  };
}

/** `Push Hook` of `ref` from `before` to `after` (the commits it added, oldest first, at most 20 listed). */
export function pushHookEvent(p: GlProject, dir: string, ref: string, before: string, after: string, added: string[], user: GlUser, web: string): object {
  return {
    object_kind: 'push', event_name: 'push', before, after, ref, ref_protected: ref === `refs/heads/${p.defaultBranch}`, checkout_sha: after, message: null,
    user_id: user.id, user_name: user.username, user_username: user.username, user_email: '[REDACTED]', user_avatar: null, project_id: p.id,
    project: projectJson(p, web), commits: added.slice(-20).map((sha) => commitJson(dir, p.path, sha, web)), total_commits_count: added.length, push_options: {},
    repository: repositoryJson(p, web),
  };
}
