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

  it('answers /distsync help to a user with write access, after reacting with eyes', async () => {
    let reply = '';
    mockToken(h.github())
      .post(`${REPO}/issues/comments/${example('issue_comment', 'created').comment.id}/reactions`, { content: 'eyes' })
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`)
      .reply(200, contentResponse(CONFIG_YAML))
      .get(`${REPO}/collaborators/Codertocat/permission`)
      .reply(200, { permission: 'write', role_name: 'write', user: null })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, {});
    await receive(h, 'issue_comment', comment('/distsync help'));
    await h.app.worker().drain();
    expect(reply).toContain('/distsync merge');
    expect(h.sent.map((s) => `${s.method} ${s.path}`)[1]).toMatch(/reactions$/);
  });

  it('refuses politely a user without write access and runs nothing', async () => {
    let reply = '';
    mockToken(h.github())
      .post(/\/reactions$/)
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`)
      .reply(200, contentResponse(CONFIG_YAML))
      .get(`${REPO}/collaborators/stranger/permission`)
      .reply(200, { permission: 'read', role_name: 'read', user: null })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, {});
    await receive(h, 'issue_comment', comment('/distsync merge', 'stranger'));
    await h.app.worker().drain();
    expect(reply).toMatch(/^Sorry @stranger, only people with write access/);
    expect(h.sent.some((s) => s.path.includes('/pulls'))).toBe(false);
  });

  it('lets a user listed in allowed_users run a command without asking GitHub for permissions', async () => {
    let reply = '';
    mockToken(h.github())
      .post(/\/reactions$/)
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`)
      .reply(200, contentResponse(CONFIG_YAML))
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, {});
    await receive(h, 'issue_comment', comment('/distsync status', 'trusted-friend'));
    await h.app.worker().drain();
    expect(reply).toBe('`/distsync status` works on pull requests only.');
  });

  it('answers an unknown command with a usage hint that does not echo markup', async () => {
    let reply = '';
    mockToken(h.github())
      .post(/\/reactions$/)
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`)
      .reply(404, { message: 'Not Found' })
      .get(`${REPO}/collaborators/Codertocat/permission`)
      .reply(200, { permission: 'admin', role_name: 'admin', user: null })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, {});
    await receive(h, 'issue_comment', comment('/distsync <img src=x>@everyone'));
    await h.app.worker().drain();
    expect(reply).toBe('I did not understand that: unknown command `?img`. Comment `/distsync help` for the commands.');
  });

  it('treats `%(rm -rf /)` as an unknown command and runs nothing', async () => {
    let reply = '';
    mockToken(h.github())
      .post(/\/reactions$/)
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`)
      .reply(200, contentResponse(CONFIG_YAML))
      .get(`${REPO}/collaborators/Codertocat/permission`)
      .reply(200, { permission: 'admin', role_name: 'admin', user: null })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, {});
    await receive(h, 'issue_comment', comment('/distsync %(rm -rf /)'));
    await h.app.worker().drain();
    expect(reply).toBe("I did not understand that: unknown command `??rm`. Comment `/distsync help` for the commands.");
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
    mockToken(h.github())
      .post(/\/reactions$/)
      .reply(201, {})
      .get(`${REPO}/contents/.distro%2Fsource-git.yaml`)
      .reply(200, contentResponse(CONFIG_YAML))
      .get(`${REPO}/collaborators/Codertocat/permission`)
      .reply(200, { permission: 'write', role_name: 'write', user: null })
      .post(`${REPO}/issues/1/comments`)
      .reply(201, {});
    const id = await receive(h, 'issue_comment', comment('/distsync help'));
    await receive(h, 'issue_comment', comment('/distsync help'), id);
    await h.app.worker().drain();
    expect((await h.store.listJobs()).length).toBe(1);
    expect(await h.store.countDeliveries()).toBe(1);
  });
});
