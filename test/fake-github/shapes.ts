import examples from '@octokit/webhooks-examples';
import { readCommit, resolveCommit } from './bare-git.js';
import type { FakeCheckRun, FakeComment, FakeIssue, FakePull, FakeRepo, FakeState, FakeUser } from './state.js';

/**
 * GitHub's objects (users, repositories, pull requests, check runs, issues, comments) built
 * from the real webhook examples of @octokit/webhooks-examples with their fields replaced, so
 * REST answers and webhook payloads carry every field GitHub sends.
 */
type Json = Record<string, any>;
type Examples = { name: string; examples: Json[] }[];

export function exampleOf(name: string, action?: string): Json {
  const def = (examples as unknown as Examples).find((w) => w.name === name);
  const found = def?.examples.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name}${action ? `.${action}` : ''}`);
  return structuredClone(found);
}

const TEMPLATE = exampleOf('pull_request', 'opened');

/** Replace the example's names (Codertocat/Hello-World) and hosts in every string of an object. */
function rename(o: Json, pairs: [string, string][]): Json {
  let text = JSON.stringify(o);
  for (const [from, to] of pairs) text = text.split(from).join(to);
  return JSON.parse(text) as Json;
}

export interface Urls {
  api: string;
  web: string;
}

function hosts(u: Urls): [string, string][] {
  return [
    ['https://api.github.com', u.api],
    ['https://github.com', u.web],
  ];
}

export function userJson(u: FakeUser, urls: Urls): Json {
  const j = rename(TEMPLATE['sender'] as Json, [['Codertocat', u.login], ...hosts(urls)]);
  return { ...j, login: u.login, id: u.id, node_id: `U_${u.id}`, type: u.type, site_admin: false };
}

export function repoJson(r: FakeRepo, owner: FakeUser, urls: Urls): Json {
  const j = rename(TEMPLATE['repository'] as Json, [['Codertocat/Hello-World', r.fullName], ['Hello-World', r.name], ['Codertocat', r.owner], ...hosts(urls)]);
  return { ...j, id: r.id, node_id: `R_${r.id}`, name: r.name, full_name: r.fullName, owner: userJson(owner, urls), private: true, default_branch: r.defaultBranch, fork: false };
}

export function pullJson(s: FakeState, p: FakePull, urls: Urls): Json {
  const repo = s.repos.get(p.repo)!;
  const headRepo = s.repos.get(p.headRepo) ?? repo;
  const owner = (r: FakeRepo) => s.users.get(r.owner.toLowerCase())!;
  const j = rename(TEMPLATE['pull_request'] as Json, [['Codertocat/Hello-World', p.repo], ...hosts(urls)]);
  const baseSha = resolveCommit(repo.dir, p.baseRef) ?? p.headSha;
  return {
    ...j,
    id: p.id,
    node_id: `PR_${p.id}`,
    number: p.number,
    url: `${urls.api}/repos/${p.repo}/pulls/${p.number}`,
    html_url: `${urls.web}/${p.repo}/pull/${p.number}`,
    state: p.state,
    locked: false,
    title: p.title,
    body: p.body,
    user: userJson(p.user, urls),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    merged: p.merged,
    merged_by: p.mergedBy ? userJson(p.mergedBy, urls) : null,
    mergeable: p.state === 'open' ? true : null,
    mergeable_state: p.state === 'open' ? 'clean' : 'unknown',
    draft: false,
    assignee: null,
    assignees: [],
    labels: [],
    milestone: null,
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${headRepo.owner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: userJson(owner(headRepo), urls), repo: repoJson(headRepo, owner(headRepo), urls) },
    base: { label: `${repo.owner}:${p.baseRef}`, ref: p.baseRef, sha: baseSha, user: userJson(owner(repo), urls), repo: repoJson(repo, owner(repo), urls) },
  };
}

export function issueJson(s: FakeState, i: FakeIssue, urls: Urls): Json {
  const pull = s.pulls.find((p) => p.repo === i.repo && p.number === i.number);
  const comments = s.comments.filter((c) => c.repo === i.repo && c.issue === i.number).length;
  const j = exampleOf('issue_comment', 'created')['issue'] as Json;
  return {
    ...rename(j, [['Codertocat/Hello-World', i.repo], ...hosts(urls)]),
    id: i.id,
    node_id: `I_${i.id}`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    user: userJson(i.user, urls),
    labels: [],
    assignee: null,
    assignees: [],
    milestone: null,
    comments,
    created_at: i.createdAt,
    updated_at: i.createdAt,
    closed_at: null,
    url: `${urls.api}/repos/${i.repo}/issues/${i.number}`,
    html_url: `${urls.web}/${i.repo}/${pull ? 'pull' : 'issues'}/${i.number}`,
    ...(pull ? { pull_request: { url: `${urls.api}/repos/${i.repo}/pulls/${i.number}`, html_url: `${urls.web}/${i.repo}/pull/${i.number}`, diff_url: '', patch_url: '', merged_at: pull.mergedAt } } : { pull_request: undefined }),
  };
}

export function commentJson(c: FakeComment, urls: Urls): Json {
  const j = exampleOf('issue_comment', 'created')['comment'] as Json;
  return {
    ...rename(j, [['Codertocat/Hello-World', c.repo], ...hosts(urls)]),
    id: c.id,
    node_id: `IC_${c.id}`,
    body: c.body,
    user: userJson(c.user, urls),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: `${urls.web}/${c.repo}/issues/${c.issue}#issuecomment-${c.id}`,
    url: `${urls.api}/repos/${c.repo}/issues/comments/${c.id}`,
  };
}

export function checkRunJson(s: FakeState, c: FakeCheckRun, urls: Urls): Json {
  const j = exampleOf('check_run', 'created')['check_run'] as Json;
  const app = s.users.get(`${c.app}[bot]`);
  return {
    ...rename(j, [['Codertocat/Hello-World', c.repo], ...hosts(urls)]),
    id: c.id,
    node_id: `CR_${c.id}`,
    head_sha: c.headSha,
    external_id: c.externalId,
    name: c.name,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    details_url: c.detailsUrl,
    url: `${urls.api}/repos/${c.repo}/check-runs/${c.id}`,
    html_url: `${urls.web}/${c.repo}/runs/${c.id}`,
    output: { title: c.title, summary: c.summary, text: c.text, annotations_count: 0, annotations_url: '' },
    app: { ...(j['app'] as Json), id: app?.id ?? 1, slug: c.app, name: c.app },
    check_suite: { ...(j['check_suite'] as Json), head_sha: c.headSha, head_branch: c.headBranch },
    pull_requests: s.pulls
      .filter((p) => p.repo === c.repo && p.state === 'open' && p.headSha === c.headSha)
      .map((p) => ({ number: p.number, id: p.id, url: `${urls.api}/repos/${p.repo}/pulls/${p.number}`, head: { ref: p.headRef, sha: p.headSha }, base: { ref: p.baseRef, sha: p.headSha } })),
  };
}

/** A commit as a push payload lists it. */
export function pushCommitJson(dir: string, repo: string, sha: string, urls: Urls): Json {
  const c = readCommit(dir, sha);
  return {
    id: c.sha,
    tree_id: c.tree,
    distinct: true,
    message: c.message,
    timestamp: c.committer.date,
    url: `${urls.web}/${repo}/commit/${c.sha}`,
    author: { name: c.author.name, email: c.author.email },
    committer: { name: c.committer.name, email: c.committer.email },
    added: [],
    removed: [],
    modified: [],
  };
}
