import { createHmac, randomUUID } from 'node:crypto';
import { commitsBetween, commitsNewTo, isAncestor } from './bare-git.js';
import { checkRunJson, commentJson, exampleOf, issueJson, pullJson, pushCommitJson, repoJson, userJson, type Urls } from './shapes.js';
import type { FakeCheckRun, FakeComment, FakePull, FakeRelease, FakeState, FakeStatus, FakeUser } from './state.js';

type Json = Record<string, any>;

export interface Delivery {
  id: string;
  name: string;
  payload: Json;
}

/** Where deliveries go: e.g. `(d) => probot.webhooks.verifyAndReceive(...)`, see signDelivery. */
export type Receiver = (d: Delivery & { body: string; signature: string }) => Promise<void>;

/** sha256 HMAC of the body, the `X-Hub-Signature-256` header GitHub sends. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Webhook events the fake raised, waiting in order until the test delivers them
 * (GitHub delivers asynchronously; a test decides when).
 */
export class Webhooks {
  readonly pending: Delivery[] = [];
  readonly delivered: Delivery[] = [];
  constructor(
    private readonly s: FakeState,
    private readonly urls: Urls,
    private readonly installationId: number,
  ) {}

  private emit(name: string, payload: Json): void {
    payload['installation'] = { id: this.installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${this.installationId}` };
    this.pending.push({ id: randomUUID(), name, payload });
  }

  private base(repo: string, sender: FakeUser): Json {
    const r = this.s.repos.get(repo)!;
    return { repository: repoJson(r, this.s.users.get(r.owner.toLowerCase())!, this.urls), sender: userJson(sender, this.urls) };
  }

  pullRequest(action: string, p: FakePull, sender: FakeUser, extra: Json = {}): void {
    const ex = exampleOf('pull_request', action === 'edited' ? 'opened' : action);
    this.emit('pull_request', { ...ex, action, number: p.number, pull_request: pullJson(this.s, p, this.urls), ...this.base(p.repo, sender), ...extra });
  }

  push(repo: string, ref: string, before: string, after: string, sender: FakeUser): void {
    const r = this.s.repos.get(repo)!;
    const zero = /^0+$/;
    const deleted = zero.test(after);
    const created = zero.test(before);
    // a new branch lists what it brought (as GitHub does), not its whole history; a tag lists nothing
    const shas = deleted || ref.startsWith('refs/tags/') ? [] : (created ? commitsNewTo(r.dir, ref.replace(/^refs\/heads\//, ''), after) : commitsBetween(r.dir, before, after)).slice(-20);
    const commits = shas.map((c) => pushCommitJson(r.dir, repo, c, this.urls));
    const base = this.base(repo, sender);
    this.emit('push', {
      ...exampleOf('push'),
      ref,
      before,
      after,
      created,
      deleted,
      forced: !created && !deleted && !isAncestor(r.dir, before, after),
      base_ref: null,
      compare: `${this.urls.web}/${repo}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits,
      head_commit: deleted ? null : (pushCommitJson(r.dir, repo, after, this.urls) ?? null),
      repository: { ...base['repository'], pushed_at: Math.floor(this.s.now().getTime() / 1000) },
      pusher: { name: sender.login, email: sender.email },
      sender: base['sender'],
    });
  }

  issueComment(action: string, c: FakeComment, sender: FakeUser): void {
    const issue = this.s.issues.find((i) => i.repo === c.repo && i.number === c.issue)!;
    this.emit('issue_comment', { ...exampleOf('issue_comment', action), action, issue: issueJson(this.s, issue, this.urls), comment: commentJson(c, this.urls), ...this.base(c.repo, sender) });
  }

  checkRun(action: string, c: FakeCheckRun, sender: FakeUser): void {
    this.emit('check_run', { ...exampleOf('check_run', action), action, check_run: checkRunJson(this.s, c, this.urls), ...this.base(c.repo, sender) });
  }

  status(st: FakeStatus, branches: { name: string; sha: string }[]): void {
    const ex = exampleOf('status');
    this.emit('status', {
      ...ex,
      id: st.id,
      sha: st.sha,
      name: st.repo,
      context: st.context,
      state: st.state,
      description: st.description,
      target_url: st.targetUrl,
      branches: branches.map((b) => ({ name: b.name, commit: { sha: b.sha, url: `${this.urls.api}/repos/${st.repo}/commits/${b.sha}` }, protected: false })),
      commit: { ...ex['commit'], sha: st.sha },
      created_at: st.createdAt,
      updated_at: st.createdAt,
      ...this.base(st.repo, st.creator),
    });
  }

  release(action: string, rel: FakeRelease): void {
    const ex = exampleOf('release', action);
    const release = { ...ex['release'], id: rel.id, tag_name: rel.tag, name: rel.name, body: rel.body, draft: rel.draft, prerelease: false, author: userJson(rel.author, this.urls), created_at: rel.createdAt, published_at: rel.createdAt, html_url: `${this.urls.web}/${rel.repo}/releases/tag/${rel.tag}` };
    this.emit('release', { ...ex, action, release, ...this.base(rel.repo, rel.author) });
  }

  review(p: FakePull, reviewer: FakeUser, state: 'approved' | 'changes_requested' | 'commented'): void {
    const ex = exampleOf('pull_request_review', 'submitted');
    const review = { ...ex['review'], id: this.s.nextId++, user: userJson(reviewer, this.urls), state, commit_id: p.headSha, html_url: `${this.urls.web}/${p.repo}/pull/${p.number}#pullrequestreview` };
    this.emit('pull_request_review', { ...ex, action: 'submitted', review, pull_request: pullJson(this.s, p, this.urls), ...this.base(p.repo, reviewer) });
  }
}
