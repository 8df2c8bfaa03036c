import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, removeDirs, tempDir } from '../helpers/corpus.js';
import { startFakeGithub, type FakeGithub } from './fake-github.js';
import { signBody, type Delivery } from './webhooks.js';

describe('the fake GitHub: git over HTTP, pull requests, merges as GitHub does them, webhooks', () => {
  let dir: string;
  let fake: FakeGithub;
  let work: string;
  let bot: string;
  const api = (method: string, path: string, body?: unknown, token = bot) =>
    fetch(`${fake.apiUrl}${path}`, { method, headers: { authorization: `token ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

  beforeEach(async () => {
    dir = tempDir('fake-github');
    const seed = join(dir, 'seed');
    git(dir, 'init', '-q', seed);
    writeFileSync(join(seed, 'README'), 'one\n');
    git(seed, 'add', '-A');
    git(seed, 'commit', '-q', '-m', 'initial');
    fake = await startFakeGithub({ dir: join(dir, 'github') });
    fake.createRepo('acme/widget', { from: seed, collaborators: { alice: 'write' } });
    bot = fake.tokenFor(fake.botLogin);
    work = join(dir, 'work');
    await fake.as('alice').git(dir, 'clone', '-q', `${fake.url}/acme/widget.git`, work);
  });
  afterEach(async () => {
    await fake.close();
    removeDirs(dir);
  });

  async function branchWith(name: string, files: Record<string, string>): Promise<void> {
    const alice = fake.as('alice');
    await alice.git(work, 'checkout', '-q', '-B', name, 'origin/main');
    for (const [i, [f, text]] of Object.entries(files).entries()) {
      writeFileSync(join(work, f), text);
      await alice.git(work, 'add', f);
      await alice.git(work, 'commit', '-q', '-m', `change ${i + 1} of ${name}\n\nTrailer-Key: ${name}-${i}`);
    }
    await alice.git(work, 'push', '-q', 'origin', name);
  }
  const log = (fmt: string, ref = 'main', n = 100) => git(fake.state.repos.get('acme/widget')!.dir, 'log', `-${n}`, `--format=${fmt}`, ref).trim().split('\n');

  it('a push raises `push` with the pusher as sender; a PR opened in the UI raises pull_request.opened and publishes refs/pull/N/head', async () => {
    await branchWith('b1', { a: 'a\n' });
    const pr = fake.as('alice').openPull('acme/widget', { title: 'B1', head: 'b1', base: 'main' });
    const events = fake.webhooks.pending.map((d) => [d.name, d.payload['action'] ?? d.payload['ref'], d.payload['sender'].login]);
    expect(events).toEqual([['push', 'refs/heads/b1', 'alice'], ['pull_request', 'opened', 'alice']]);
    expect(git(fake.state.repos.get('acme/widget')!.dir, 'rev-parse', `refs/pull/${pr.number}/head`).trim()).toBe(pr.headSha);
    const res = await api('GET', '/repos/acme/widget/pulls?state=open&head=acme:b1');
    expect((await res.json()).map((p: { number: number; head: { sha: string } }) => [p.number, p.head.sha])).toEqual([[1, pr.headSha]]);
  });

  it("a push's payload lists the commits it brought: a new branch its new commits (none at an existing commit), not its whole history", async () => {
    const alice = fake.as('alice');
    const pushed = () => fake.webhooks.pending.filter((d) => d.name === 'push').map((d) => [d.payload['ref'], d.payload['commits'].map((c: { message: string }) => c.message.split('\n')[0])]);
    await branchWith('two', { a: 'a\n', b: 'b\n' });
    await alice.git(work, 'push', '-q', 'origin', 'origin/main:refs/heads/same');
    writeFileSync(join(work, 'c'), 'c\n');
    await alice.git(work, 'checkout', '-q', 'two');
    await alice.git(work, 'add', 'c');
    await alice.git(work, 'commit', '-q', '-m', 'change 3 of two');
    await alice.git(work, 'push', '-q', 'origin', 'two');
    expect(pushed()).toEqual([
      ['refs/heads/two', ['change 1 of two', 'change 2 of two']],
      ['refs/heads/same', []],
      ['refs/heads/two', ['change 3 of two']],
    ]);
  });

  it('merges through the API with a merge commit, a squash or a rebase, moving the base and raising closed + push as the App', async () => {
    await branchWith('m', { a: 'a\n', b: 'b\n' });
    fake.as('alice').openPull('acme/widget', { title: 'Merge me', head: 'm', base: 'main' });
    await branchWith('s', { c: 'c\n', d: 'd\n' });
    fake.as('alice').openPull('acme/widget', { title: 'Squash me', head: 's', base: 'main' });
    await branchWith('r', { e: 'e\n', f: 'f\n' });
    fake.as('alice').openPull('acme/widget', { title: 'Rebase me', head: 'r', base: 'main' });
    fake.webhooks.pending.length = 0;

    expect((await api('PUT', '/repos/acme/widget/pulls/1/merge', { sha: 'f'.repeat(40) })).status).toBe(409);
    expect((await api('PUT', '/repos/acme/widget/pulls/1/merge', {})).status).toBe(200);
    expect(log('%P %s')[0]).toMatch(/^\w{40} \w{40} Merge pull request #1 from acme\/m$/);
    expect((await api('PUT', '/repos/acme/widget/pulls/2/merge', { merge_method: 'squash' })).status).toBe(200);
    expect(log('%s', 'main', 1)[0]).toBe('Squash me (#2)');
    expect(git(fake.state.repos.get('acme/widget')!.dir, 'show', '-s', '--format=%B', 'main')).toBe('Squash me (#2)\n\n* change 1 of s\n\nTrailer-Key: s-0\n\n* change 2 of s\n\nTrailer-Key: s-1\n\n');
    expect((await api('PUT', '/repos/acme/widget/pulls/3/merge', { merge_method: 'rebase' })).status).toBe(200);
    expect(log('%s|%cn|%an', 'main', 2)).toEqual(['change 2 of r|GitHub|Alice', 'change 1 of r|GitHub|Alice']);
    expect(git(fake.state.repos.get('acme/widget')!.dir, 'ls-tree', '--name-only', 'main').trim().split('\n')).toEqual(['README', 'a', 'b', 'c', 'd', 'e', 'f']);

    const events = fake.webhooks.pending.map((d) => [d.name, d.payload['action'] ?? d.payload['ref'], d.payload['sender'].login, d.payload['pull_request']?.merged]);
    expect(events).toEqual([
      ['pull_request', 'closed', fake.botLogin, true], ['push', 'refs/heads/main', fake.botLogin, undefined],
      ['pull_request', 'closed', fake.botLogin, true], ['push', 'refs/heads/main', fake.botLogin, undefined],
      ['pull_request', 'closed', fake.botLogin, true], ['push', 'refs/heads/main', fake.botLogin, undefined],
    ]);
    const pulls = await (await api('GET', '/repos/acme/widget/commits/' + log('%H')[0] + '/pulls')).json();
    expect(pulls.map((p: { number: number }) => p.number)).toEqual([3]);
    expect(fake.problems).toEqual([]);
  });

  it('a repository that allows squash only refuses other methods (405); a person merges "in the UI"', async () => {
    fake.state.repos.get('acme/widget')!.allowed = { merge: false, squash: true, rebase: false };
    await branchWith('x', { a: 'a\n' });
    fake.as('alice').openPull('acme/widget', { title: 'X', head: 'x', base: 'main' });
    const res = await api('PUT', '/repos/acme/widget/pulls/1/merge', { merge_method: 'rebase' });
    expect([res.status, (await res.json()).message]).toEqual([405, 'Rebase merges are not allowed on this repository.']);
    fake.webhooks.pending.length = 0;
    fake.as('alice').merge('acme/widget', 1, 'squash');
    expect(fake.webhooks.pending.map((d) => d.payload['sender'].login)).toEqual(['alice', 'alice']);
  });

  it('refuses git without a token and unknown tokens; records bodies the OpenAPI description refuses and routes it lacks', async () => {
    const anon = await fetch(`${fake.url}/acme/widget.git/info/refs?service=git-upload-pack`);
    expect(anon.status).toBe(401);
    expect((await api('GET', '/repos/acme/widget/pulls', undefined, 'ghs_nope')).status).toBe(401);
    await api('POST', '/repos/acme/widget/pulls', { title: 't', head: 'main', base: 'main', colour: 'red' });
    await api('GET', '/repos/acme/widget/no-such-thing');
    expect(fake.problems).toEqual([
      'POST /repos/{owner}/{repo}/pulls: unknown property "colour"',
      'GET /repos/acme/widget/no-such-thing: no such operation in GitHub\'s OpenAPI description',
      'the fake GitHub does not implement GET /repos/acme/widget/no-such-thing',
    ]);
  });

  it('delivers signed webhooks in order and redelivers one with a new id', async () => {
    await branchWith('w', { a: 'a\n' });
    const got: (Delivery & { body: string; signature: string })[] = [];
    const sent = await fake.deliver(async (d) => void got.push(d));
    expect(sent.map((d) => d.name)).toEqual(['push']);
    expect(got[0]!.signature).toBe(signBody('fake-github-webhook-secret', got[0]!.body));
    const again = await fake.redeliver(sent[0]!, async (d) => void got.push(d));
    expect(again.id).not.toBe(sent[0]!.id);
    expect(got[1]!.body).toBe(got[0]!.body);
  });
});
