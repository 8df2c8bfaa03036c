import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HttpError, type Actions } from './actions.js';
import type { MergeMethod } from './merge-pull.js';
import { isoNow, newId, type FakeCheckRun, type FakeComment, type FakePull, type FakeStatus, type FakeUser } from './state.js';

/** What a person (or another App, e.g. a CI) does on the fake GitHub outside the REST API: the web UI, a git push. */
export interface Ui {
  user: FakeUser;
  openPull(repo: string, input: { title: string; head: string; base: string; body?: string }): FakePull;
  comment(repo: string, issue: number, body: string): FakeComment;
  /** "Merge pull request" / "Squash and merge" / "Rebase and merge" in the UI; returns the new base head. */
  merge(repo: string, pr: number, method: MergeMethod): string;
  close(repo: string, pr: number): void;
  approve(repo: string, pr: number): void;
  /** A check run of this user's App (a login ending in [bot], e.g. "ci[bot]"). */
  checkRun(repo: string, sha: string, name: string, conclusion?: string): FakeCheckRun;
  status(repo: string, sha: string, context: string, state: FakeStatus['state']): FakeStatus;
  /** Publish a release of an existing tag. */
  release(repo: string, tag: string): void;
  /** `git <args>` in a local clone, reaching the fake over HTTP as this user (e.g. `push origin main`); async, the fake answers in this process. */
  git(cwd: string, ...args: string[]): Promise<string>;
}

export function createUi(a: Actions, user: FakeUser, o: { url: string; gitConfig: () => string[] }): Ui {
  return {
    user,
    openPull: (repo, input) => a.openPull(repo, input, user),
    comment: (repo, issue, body) => a.comment(repo, issue, body, user),
    merge: (repo, pr, method) => a.merge(a.pull(repo, pr), method, user),
    close: (repo, pr) => a.close(a.pull(repo, pr), user),
    approve: (repo, pr) => a.hooks.review(a.pull(repo, pr), user, 'approved'),
    checkRun: (repo, sha, name, conclusion) => {
      if (user.type !== 'Bot') throw new HttpError(403, 'only GitHub Apps make check runs');
      const app = user.login.replace(/\[bot\]$/, '');
      const base = { app, name, headSha: sha, externalId: null, title: name, summary: `${name} ${conclusion ?? 'running'}`, text: null, detailsUrl: `${o.url}/ci/${name}` };
      return a.createCheckRun(repo, conclusion ? { ...base, status: 'completed', conclusion } : { ...base, status: 'in_progress', conclusion: null }, user);
    },
    status: (repo, sha, context, state) => {
      const st: FakeStatus = { id: newId(a.s), repo, sha, context, state, description: `${context}: ${state}`, targetUrl: `${o.url}/ci/${context}`, creator: user, createdAt: isoNow(a.s) };
      a.s.statuses.push(st);
      a.statusEvent(st);
      return st;
    },
    release: (repo, tag) => {
      const rel = { id: newId(a.s), repo, tag, name: tag, body: '', draft: false, author: user, createdAt: isoNow(a.s) };
      a.s.releases.push(rel);
      a.hooks.release('published', rel);
    },
    git: async (cwd, ...args) =>
      (await promisify(execFile)('git', [...o.gitConfig().flatMap((c) => ['-c', c]), '-c', `user.name=${user.name}`, '-c', `user.email=${user.email}`, ...args], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'], HOME: cwd, LANG: 'C', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' },
        maxBuffer: 1 << 28,
      })).stdout,
  };
}
