import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import type { DistGitForge } from '../../src/forge/dist-git-forge.js';
import type { CommitStatus, Permission, Pull, RepoRef } from '../../src/forge/types.js';

/**
 * What every dist-git forge adapter must do, against a stateful fake of its forge.
 * One suite, run for GitHub, Forgejo and GitLab by forges.test.ts.
 */
export interface ForgeHarness {
  forge: DistGitForge;
  /** The same adapter with a token the forge refuses. */
  badToken: DistGitForge;
  /** What the 401's `next:` must name. */
  tokenHint: RegExp;
  repo: RepoRef;
  base: string;
  /** A branch one commit ahead of `base`, in the repo and (same name) in the fork of `forkOwner`. */
  branch: string;
  forkOwner: string;
  /** A file on `base` and its text. */
  file: { path: string; text: string };
  /** A file `branch` adds (on `base` once merged). */
  branchFile: { path: string; text: string };
  /** A new commit on `branch` of the repo: its sha. */
  pushTo(branch: string): Promise<string>;
  branchSha(branch: string): Promise<string | undefined>;
  /** Sets CI results (in the forge's own states, some twice) on `sha`; returns what listStatuses must map them to. */
  setStatuses(sha: string): Promise<Pick<CommitStatus, 'context' | 'state' | 'description'>[]>;
  /** [user, what permission() must say]. */
  permissions: [string, Permission][];
  commentsOn(number: number): string[];
  /** retryCi's answer, and after it whether the forge's CI ran again (GitLab: the pipeline retried). */
  ci: { retries: boolean; prepare(sha: string): Promise<void>; retried(sha: string): boolean };
  /** What the fake refused: requests outside GitHub's OpenAPI description, or outside our contract for Forgejo / GitLab (test/forge/contracts/). */
  problems(): string[];
  close(): Promise<void>;
}

export function forgeContract(kind: string, make: () => Promise<ForgeHarness>): void {
  describe(`the ${kind} dist-git adapter (contract)`, () => {
    let h: ForgeHarness;
    let pr: Pull;
    let forkPr: Pull;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h?.close());
    const thrown = async (p: Promise<unknown>): Promise<DistsyncError & { status?: number }> => {
      const e = await p.then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(DistsyncError);
      return e as DistsyncError & { status?: number };
    };

    it(`is ${kind}`, () => expect(h.forge.kind).toBe(kind));

    it('creates a PR from a branch of the repo and finds it by owner:branch, not under another owner', async () => {
      pr = await h.forge.createPull(h.repo, { title: 'Sync 1', body: 'first', head: h.branch, base: h.base });
      expect(pr).toMatchObject({ state: 'open', merged: false, headRef: h.branch, baseRef: h.base, title: 'Sync 1', body: 'first', headSha: await h.branchSha(h.branch) });
      expect(pr.htmlUrl).toMatch(/^http/);
      expect((await h.forge.findOpenPull(h.repo, h.repo.owner, h.branch))?.number).toBe(pr.number);
      expect(await h.forge.findOpenPull(h.repo, h.forkOwner, h.branch)).toBeUndefined();
    });

    it('creates a PR from a fork; each owner finds its own', async () => {
      forkPr = await h.forge.createPull(h.repo, { title: 'From the fork', body: 'fork', head: `${h.forkOwner}:${h.branch}`, base: h.base });
      expect(forkPr.number).not.toBe(pr.number);
      expect(forkPr).toMatchObject({ state: 'open', headRef: h.branch, baseRef: h.base });
      expect((await h.forge.findOpenPull(h.repo, h.forkOwner, h.branch))?.number).toBe(forkPr.number);
      expect((await h.forge.findOpenPull(h.repo, h.repo.owner, h.branch))?.number).toBe(pr.number);
      expect(await h.forge.findOpenPull(h.repo, 'someone-else', h.branch)).toBeUndefined();
    });

    it('updates title and body, and closes', async () => {
      await h.forge.updatePull(h.repo, forkPr.number, { title: 'Renamed', body: 'new body' });
      expect(await h.forge.getPull(h.repo, forkPr.number)).toMatchObject({ title: 'Renamed', body: 'new body', state: 'open' });
      await h.forge.updatePull(h.repo, forkPr.number, { state: 'closed' });
      expect(await h.forge.getPull(h.repo, forkPr.number)).toMatchObject({ state: 'closed', merged: false });
      expect(await h.forge.findOpenPull(h.repo, h.forkOwner, h.branch)).toBeUndefined();
    });

    it('comments on a PR', async () => {
      await h.forge.comment(h.repo, pr.number, 'distsync: synced');
      expect(h.commentsOn(pr.number)).toEqual(['distsync: synced']);
    });

    it("lists a commit's CI results, the latest per context, in GitHub's four states", async () => {
      const expected = await h.setStatuses(pr.headSha);
      const got = (await h.forge.listStatuses(h.repo, pr.headSha)).map(({ context, state, description }) => ({ context, state, ...(description ? { description } : {}) }));
      const byContext = (a: { context: string }, b: { context: string }) => a.context.localeCompare(b.context);
      expect(got.sort(byContext)).toEqual(expected.map(({ context, state, description }) => ({ context, state, ...(description ? { description } : {}) })).sort(byContext));
    });

    it('refuses to merge when the head moved since the sha (409, forge-failed), then merges the right sha', async () => {
      const stale = pr.headSha;
      const moved = await h.pushTo(h.branch);
      const e = await thrown(h.forge.mergePull(h.repo, pr.number, stale));
      expect(e.code).toBe('forge-failed');
      expect(e.status).toBe(409);
      expect(e.next).toBeTruthy();
      expect(await h.forge.getPull(h.repo, pr.number)).toMatchObject({ state: 'open', merged: false, headSha: moved });
      const baseBefore = await h.branchSha(h.base);
      await h.forge.mergePull(h.repo, pr.number, moved);
      expect(await h.forge.getPull(h.repo, pr.number)).toMatchObject({ state: 'closed', merged: true });
      expect(await h.branchSha(h.base)).not.toBe(baseBefore);
      expect(await h.forge.readFile(h.repo, h.branchFile.path, h.base)).toBe(h.branchFile.text);
      expect(await h.forge.findOpenPull(h.repo, h.repo.owner, h.branch)).toBeUndefined();
    });

    it('deletes a branch; deleting it again is fine', async () => {
      await h.forge.deleteBranch(h.repo, h.branch);
      expect(await h.branchSha(h.branch)).toBeUndefined();
      await h.forge.deleteBranch(h.repo, h.branch);
    });

    it('reads a file (at the default branch and at a ref); a missing one is undefined', async () => {
      expect(await h.forge.readFile(h.repo, h.file.path)).toBe(h.file.text);
      expect(await h.forge.readFile(h.repo, h.file.path, h.base)).toBe(h.file.text);
      expect(await h.forge.readFile(h.repo, 'no/such/file.spec')).toBeUndefined();
      expect(await h.forge.readFile(h.repo, h.file.path, 'no-such-branch')).toBeUndefined();
    });

    it("maps the forge's permissions", async () => {
      for (const [user, expected] of h.permissions) expect([user, await h.forge.permission(h.repo, user)]).toEqual([user, expected]);
    });

    it("re-runs a commit's failed CI where the forge can", async () => {
      const sha = (await h.branchSha(h.base))!;
      await h.ci.prepare(sha);
      expect(await h.forge.retryCi(h.repo, sha)).toBe(h.ci.retries);
      expect(h.ci.retried(sha)).toBe(h.ci.retries);
    });

    it('a refused token is forge-denied with a next: naming the token', async () => {
      const e = await thrown(h.badToken.getPull(h.repo, pr.number));
      expect(e.code).toBe('forge-denied');
      expect(e.status).toBe(401);
      expect(e.next).toMatch(h.tokenHint);
    });

    it("sent only requests the forge's API accepts (GitHub: its OpenAPI description; Forgejo, GitLab: our contracts)", () => expect(h.problems()).toEqual([]));
  });
}
