import { readFileSync } from 'node:fs';
import examples from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import { pullFromRest, type RestPull } from '../../src/forge/rest-pull.js';

/** One mapper, both APIs' pull request objects: our Forgejo webhook payloads (fixtures/forge-webhooks/NOTES.md) and GitHub's webhook examples (@octokit/webhooks-examples). */
const FIXTURES = new URL('../../fixtures/forge-webhooks/', import.meta.url);
const forgejo = (name: string): RestPull => (JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { pull_request: RestPull }).pull_request;

type Examples = { name: string; examples: Record<string, unknown>[] }[];
/** The pull_request of a GitHub example (a copy: tests change fields in memory, as GitHub's answers would have them). */
function github(event: string, action: string): RestPull {
  const found = (examples as unknown as Examples).find((w) => w.name === event)?.examples.find((e) => e['action'] === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}.${action}`);
  return structuredClone(found['pull_request']) as RestPull;
}

describe('pullFromRest: the one pull request mapper of GitHub and Forgejo', () => {
  it('Forgejo, merged: merged, closed, with the merge commit', () => {
    expect(pullFromRest(forgejo('forgejo-pull-request-merged.json'))).toEqual({
      number: 12,
      state: 'closed',
      merged: true,
      headSha: 'a5363a2478eaa9a7609edc6d3946b4b127b082d2',
      headRef: 'distsync/sg-lz4-7',
      baseRef: 'rawhide',
      htmlUrl: 'https://forgejo.example.org/rpms/lz4/pulls/12',
      title: 'lz4: sync source-git PR #7',
      body: 'Synced from source-git PR #7 by distsync.',
      author: 'distsync-bot',
      mergeCommitSha: 'acc354843095bb4551e1801aad4438d58a8cd1db',
    });
  });

  it('Forgejo, closed without a merge: not merged, no merge commit', () => {
    const pull = pullFromRest(forgejo('forgejo-pull-request-closed.json'));
    expect(pull).toMatchObject({ number: 13, state: 'closed', merged: false, author: 'distsync-bot' });
    expect(pull).not.toHaveProperty('mergeCommitSha');
  });

  it('GitHub, opened: open, not merged', () => {
    const pull = pullFromRest(github('pull_request', 'opened'));
    expect(pull).toMatchObject({ number: 2, state: 'open', merged: false, headRef: 'changes', baseRef: 'master', author: 'Codertocat' });
    expect(pull.headSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('GitHub, closed without a merge: its merge_commit_sha (a test merge) is not a merge commit', () => {
    const raw = github('pull_request', 'closed');
    expect(raw.merge_commit_sha).toMatch(/^[0-9a-f]{40}$/);
    const pull = pullFromRest(raw);
    expect(pull).toMatchObject({ state: 'closed', merged: false });
    expect(pull).not.toHaveProperty('mergeCommitSha');
  });

  it('GitHub, closed by a merge: merged, with the merge commit', () => {
    const raw = { ...github('pull_request', 'closed'), merged: true, merged_at: '2019-05-15T15:20:41Z' };
    expect(pullFromRest(raw)).toMatchObject({ state: 'closed', merged: true, mergeCommitSha: raw.merge_commit_sha });
  });

  it('GitHub\'s list shape (no `merged` field, as GET /pulls answers): merged_at decides', () => {
    const raw = github('pull_request_review', 'submitted');
    expect(raw).not.toHaveProperty('merged');
    expect(pullFromRest(raw)).toMatchObject({ state: 'open', merged: false });
    expect(pullFromRest(raw)).not.toHaveProperty('mergeCommitSha');
    const merged = pullFromRest({ ...raw, state: 'closed', merged_at: '2019-05-15T15:20:41Z' });
    expect(merged).toMatchObject({ state: 'closed', merged: true, mergeCommitSha: raw.merge_commit_sha });
  });
});
