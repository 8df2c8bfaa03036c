import { bareGit, listRefs, resolveCommit } from './bare-git.js';
import { MergeConflict, mergePull, type MergeMethod } from './merge-pull.js';
import { isoNow, newId, userFor, type FakeCheckRun, type FakeComment, type FakePull, type FakeRepo, type FakeState, type FakeStatus, type FakeUser } from './state.js';
import type { Webhooks } from './webhooks.js';

/** An HTTP error the REST layer answers with (GitHub's status and message). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ZERO = '0'.repeat(40);

/**
 * What happens on the fake GitHub, whoever asks (the REST API, git over HTTP, or a test acting
 * "in the UI"): state changes, then the webhooks GitHub would send for them.
 */
export class Actions {
  constructor(
    readonly s: FakeState,
    readonly hooks: Webhooks,
  ) {}

  repo(fullName: string): FakeRepo {
    const r = this.s.repos.get(fullName);
    if (!r) throw new HttpError(404, 'Not Found');
    return r;
  }

  pull(repo: string, number: number): FakePull {
    const p = this.s.pulls.find((x) => x.repo === repo && x.number === number);
    if (!p) throw new HttpError(404, 'Not Found');
    return p;
  }

  /** Refs of a repo moved (a push, a merge, the refs API): push events, PR heads follow their branch. */
  refsMoved(repo: string, before: Map<string, string>, sender: FakeUser): void {
    const r = this.repo(repo);
    const after = listRefs(r.dir);
    const names = new Set([...before.keys(), ...after.keys()]);
    for (const ref of [...names].sort()) {
      if (!ref.startsWith('refs/heads/') && !ref.startsWith('refs/tags/')) continue;
      const was = before.get(ref) ?? ZERO;
      const now = after.get(ref) ?? ZERO;
      if (was === now) continue;
      this.hooks.push(repo, ref, was, now, sender);
      if (ref.startsWith('refs/heads/')) this.branchMoved(repo, ref.slice('refs/heads/'.length), now, sender);
    }
  }

  private branchMoved(repo: string, branch: string, sha: string, sender: FakeUser): void {
    for (const p of this.s.pulls.filter((x) => x.state === 'open' && x.headRepo === repo && x.headRef === branch)) {
      if (sha === ZERO) {
        this.close(p, sender);
        continue;
      }
      p.headSha = sha;
      p.updatedAt = isoNow(this.s);
      this.publishPullRef(p);
      this.hooks.pullRequest('synchronize', p, sender);
    }
  }

  /** refs/pull/N/head in the base repository, as GitHub keeps it. */
  private publishPullRef(p: FakePull): void {
    const base = this.repo(p.repo);
    const head = this.repo(p.headRepo);
    if (base.dir !== head.dir) bareGit(base.dir, ['fetch', '--quiet', head.dir, `+refs/heads/${p.headRef}:refs/pull/${p.number}/head`]);
    else bareGit(base.dir, ['update-ref', `refs/pull/${p.number}/head`, p.headSha]);
  }

  openPull(repo: string, input: { title: string; body?: string | null; head: string; base: string }, user: FakeUser): FakePull {
    const r = this.repo(repo);
    const [headOwner, headRef] = input.head.includes(':') ? (input.head.split(':') as [string, string]) : [r.owner, input.head];
    const headRepo = [...this.s.repos.values()].find((x) => x.owner === headOwner && (x.name === r.name || x.owner !== r.owner));
    if (!headRepo) throw new HttpError(422, `Validation Failed: head ${input.head} not found`);
    const headSha = resolveCommit(headRepo.dir, `refs/heads/${headRef}`);
    if (!headSha) throw new HttpError(422, `Validation Failed: field head, code invalid (no branch ${headRef})`);
    if (!resolveCommit(r.dir, `refs/heads/${input.base}`)) throw new HttpError(422, `Validation Failed: field base, code invalid (no branch ${input.base})`);
    if (this.s.pulls.some((p) => p.repo === repo && p.state === 'open' && p.headRepo === headRepo.fullName && p.headRef === headRef && p.baseRef === input.base)) {
      throw new HttpError(422, `Validation Failed: A pull request already exists for ${headOwner}:${headRef}.`);
    }
    const now = isoNow(this.s);
    const p: FakePull = {
      repo, number: r.nextNumber++, id: newId(this.s), title: input.title, body: input.body ?? '', state: 'open', merged: false, mergedAt: null, closedAt: null,
      mergeCommitSha: null, mergedBy: null, mergedCommits: [], headRepo: headRepo.fullName, headRef, headSha, baseRef: input.base, user, createdAt: now, updatedAt: now,
    };
    this.s.pulls.push(p);
    this.s.issues.push({ repo, number: p.number, id: p.id, title: p.title, body: p.body, state: 'open', user, createdAt: now });
    this.publishPullRef(p);
    this.hooks.pullRequest('opened', p, user);
    return p;
  }

  editPull(p: FakePull, input: { title?: string; body?: string; state?: 'open' | 'closed' }, user: FakeUser): void {
    const changed = (input.title !== undefined && input.title !== p.title) || (input.body !== undefined && input.body !== p.body);
    if (input.title !== undefined) p.title = input.title;
    if (input.body !== undefined) p.body = input.body;
    p.updatedAt = isoNow(this.s);
    if (changed) this.hooks.pullRequest('edited', p, user);
    if (input.state === 'closed' && p.state === 'open') this.close(p, user);
    if (input.state === 'open' && p.state === 'closed' && !p.merged) {
      p.state = 'open';
      p.closedAt = null;
      this.hooks.pullRequest('reopened', p, user);
    }
  }

  close(p: FakePull, user: FakeUser): void {
    p.state = 'closed';
    p.closedAt = isoNow(this.s);
    this.hooks.pullRequest('closed', p, user);
  }

  /** Merge as GitHub does (see merge-pull.ts); `sha` guards against a moved head (409). */
  merge(p: FakePull, method: MergeMethod, user: FakeUser, o: { sha?: string; commitTitle?: string; commitMessage?: string } = {}): string {
    const r = this.repo(p.repo);
    if (p.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
    if (!r.allowed[method]) throw new HttpError(405, `${method === 'merge' ? 'Merge commits are' : method === 'squash' ? 'Squash merges are' : 'Rebase merges are'} not allowed on this repository.`);
    if (o.sha && o.sha !== p.headSha) throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
    if (p.headRepo !== p.repo) bareGit(r.dir, ['fetch', '--quiet', this.repo(p.headRepo).dir, `+refs/heads/${p.headRef}:refs/pull/${p.number}/head`]);
    const before = listRefs(r.dir);
    let outcome;
    try {
      outcome = mergePull({
        dir: r.dir, baseRef: p.baseRef, headSha: p.headSha, method, number: p.number, title: p.title,
        headLabel: `${p.headRepo.split('/')[0]}/${p.headRef}`, merger: { name: user.name, email: user.email },
        ...(o.commitTitle ? { commitTitle: o.commitTitle } : {}), ...(o.commitMessage ? { commitMessage: o.commitMessage } : {}),
      });
    } catch (e) {
      if (e instanceof MergeConflict) throw new HttpError(405, 'Pull Request is not mergeable');
      throw e;
    }
    const now = isoNow(this.s);
    Object.assign(p, { state: 'closed', merged: true, mergedAt: now, closedAt: now, mergeCommitSha: outcome.sha, mergedBy: user, mergedCommits: outcome.created, updatedAt: now });
    this.hooks.pullRequest('closed', p, user);
    this.refsMoved(p.repo, before, user);
    return outcome.sha;
  }

  comment(repo: string, issue: number, body: string, user: FakeUser): FakeComment {
    if (!this.s.issues.some((i) => i.repo === repo && i.number === issue)) throw new HttpError(404, 'Not Found');
    const c: FakeComment = { id: newId(this.s), repo, issue, body, user, reactions: [], createdAt: isoNow(this.s) };
    this.s.comments.push(c);
    this.hooks.issueComment('created', c, user);
    return c;
  }

  /** The branch whose push a check suite belongs to: a non-default branch at that sha first. */
  headBranchOf(repo: string, sha: string): string | null {
    const r = this.repo(repo);
    const at = [...listRefs(r.dir)].filter(([ref, s]) => s === sha && ref.startsWith('refs/heads/')).map(([ref]) => ref.slice('refs/heads/'.length));
    return at.find((b) => b !== r.defaultBranch) ?? at[0] ?? null;
  }

  createCheckRun(repo: string, input: Omit<FakeCheckRun, 'id' | 'repo' | 'startedAt' | 'completedAt' | 'headBranch'>, app: FakeUser): FakeCheckRun {
    const now = isoNow(this.s);
    const c: FakeCheckRun = { ...input, id: newId(this.s), repo, headBranch: this.headBranchOf(repo, input.headSha), startedAt: now, completedAt: input.status === 'completed' ? now : null };
    this.s.checkRuns.push(c);
    this.hooks.checkRun('created', c, app);
    if (c.status === 'completed') this.hooks.checkRun('completed', c, app);
    return c;
  }

  updateCheckRun(c: FakeCheckRun, update: Partial<FakeCheckRun>, app: FakeUser): void {
    const was = c.status;
    Object.assign(c, update);
    if (c.conclusion && c.status !== 'completed') c.status = 'completed';
    if (c.status === 'completed' && was !== 'completed') {
      c.completedAt = isoNow(this.s);
      this.hooks.checkRun('completed', c, app);
    }
  }

  statusEvent(st: FakeStatus): void {
    this.hooks.status(st, statusBranches(this, st.repo, st.sha));
  }

  bot(slug: string): FakeUser {
    return userFor(this.s, `${slug}[bot]`);
  }
}

/** A commit status raises `status` with the branches at that sha. */
export function statusBranches(a: Actions, repo: string, sha: string): { name: string; sha: string }[] {
  return [...listRefs(a.repo(repo).dir)].filter(([ref, s]) => s === sha && ref.startsWith('refs/heads/')).map(([ref]) => ({ name: ref.slice('refs/heads/'.length), sha }));
}
