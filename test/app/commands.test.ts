import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, example, receive, mockToken, contentResponse, CONFIG_YAML, type Harness } from './harness.js';

const REPO = '/repos/Codertocat/Hello-World';

describe('slash commands on issue_comment', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    expect((await h.store.listJobs({ state: 'failed' })).map((j) => j.lastError)).toEqual([]);
    await h.done();
    expect(h.problems).toEqual([]);
  });

  function comment(body: string, login = 'Codertocat') {
    const p = example('issue_comment', 'created');
    p.comment.body = body;
    p.comment.user.login = login;
    p.sender.login = login;
    return p;
  }

  /** One command round trip: the 👀 reaction, the config read, the permission check (not for allowed_users), the reply. */
  function mockRound(o: { login?: string; permission?: 'read' | 'write' | 'admin'; config?: 'present' | 'missing' } = {}): () => string {
    let reply = '';
    const config = mockToken(h.github())
      .post(`${REPO}/issues/comments/${example('issue_comment', 'created').comment.id}/reactions`, { content: 'eyes' })
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`);
    let scope = o.config === 'missing' ? config.reply(404, { message: 'Not Found' }) : config.reply(200, contentResponse(CONFIG_YAML));
    if (o.permission) {
      scope = scope.get(`${REPO}/collaborators/${o.login ?? 'Codertocat'}/permission`).reply(200, { permission: o.permission, role_name: o.permission, user: null });
    }
    scope.post(`${REPO}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true)).reply(201, {});
    return () => reply;
  }

  it('answers /distsync help to a user with write access, after reacting with eyes', async () => {
    const reply = mockRound({ permission: 'write' });
    await receive(h, 'issue_comment', comment('/distsync help'));
    await h.app.worker().drain();
    expect(reply()).toContain('/distsync merge');
    expect(h.sent.map((s) => `${s.method} ${s.path}`)[1]).toMatch(/reactions$/);
  });

  it('refuses politely a user without write access and runs nothing', async () => {
    const reply = mockRound({ login: 'stranger', permission: 'read' });
    await receive(h, 'issue_comment', comment('/distsync merge', 'stranger'));
    await h.app.worker().drain();
    expect(reply()).toMatch(/^Sorry @stranger, only people with write access/);
    expect(h.sent.some((s) => s.path.includes('/pulls'))).toBe(false);
  });

  it('lets a user listed in allowed_users run a command without asking GitHub for permissions', async () => {
    const reply = mockRound();
    await receive(h, 'issue_comment', comment('/distsync status', 'trusted-friend'));
    await h.app.worker().drain();
    expect(reply()).toBe('`/distsync status` works on pull requests only.');
  });

  it('answers an unknown command with a usage hint that does not echo markup', async () => {
    const reply = mockRound({ permission: 'admin', config: 'missing' });
    await receive(h, 'issue_comment', comment('/distsync <img src=x>@everyone'));
    await h.app.worker().drain();
    expect(reply()).toBe('I did not understand that: unknown command `?img`. Comment `/distsync help` for the commands.');
  });

  it('treats `%(rm -rf /)` as an unknown command and runs nothing', async () => {
    const reply = mockRound({ permission: 'admin' });
    await receive(h, 'issue_comment', comment('/distsync %(rm -rf /)'));
    await h.app.worker().drain();
    expect(reply()).toBe("I did not understand that: unknown command `??rm`. Comment `/distsync help` for the commands.");
  });

  it('ignores comments without a command, huge bodies without a command line, and the bot itself (no HTTP at all)', async () => {
    await receive(h, 'issue_comment', comment('looks good to me, maybe /distsync later'));
    await receive(h, 'issue_comment', comment(`${'x'.repeat(70_000)}\n/distsync help`));
    await receive(h, 'issue_comment', comment('/distsync help', 'distsync[bot]'));
    const bot = comment('/distsync help', 'other-app[bot]');
    bot.comment.user.type = 'Bot';
    await receive(h, 'issue_comment', bot);
    await h.app.worker().drain();
    expect(await h.store.listJobs()).toEqual([]);
    expect(h.sent).toEqual([]);
  });

  it('does nothing for a duplicate delivery', async () => {
    mockRound({ permission: 'write' });
    const id = await receive(h, 'issue_comment', comment('/distsync help'));
    await receive(h, 'issue_comment', comment('/distsync help'), id);
    await h.app.worker().drain();
    expect((await h.store.listJobs()).length).toBe(1);
    expect(await h.store.countDeliveries()).toBe(1);
  });
});
