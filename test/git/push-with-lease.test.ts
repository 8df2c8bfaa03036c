import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushWithLease } from '../../src/git/git-workspace.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';
import { sh } from './helpers.js';

/** The lease `/distsync merge` publishes a rebase with: a local bare "server" with main at A, and a rebase R that does not descend from A. */
describe('pushWithLease', () => {
  let dir: string, local: string, server: string, a: string, r: string;
  const ws = () => ({ cacheDir: join(dir, 'cache'), gitBaseUrl: dir });
  const main = () => sh(server, 'rev-parse', 'main').trim();

  beforeAll(() => {
    dir = tempDir('push-lease');
    local = join(dir, 'local');
    server = join(dir, 'acme', 'pkg.git');
    mkdirSync(local);
    sh(local, 'init', '-q');
    writeFileSync(join(local, 'f'), 'old\n');
    sh(local, 'add', 'f');
    sh(local, 'commit', '-q', '-m', 'old line');
    a = sh(local, 'rev-parse', 'HEAD').trim();
    sh(local, 'checkout', '-q', '--orphan', 'rebase');
    writeFileSync(join(local, 'f'), 'new\n');
    sh(local, 'commit', '-q', '-am', 'rebase');
    r = sh(local, 'rev-parse', 'HEAD').trim();
    sh(dir, 'init', '-q', '--bare', server);
    sh(local, 'push', '-q', server, `${a}:refs/heads/main`);
  });
  afterAll(() => removeDirs(dir));

  it('refuses when the branch is not at the expected sha (moved), and leaves it', async () => {
    expect(await pushWithLease(ws(), local, 'acme/pkg', r, 'main', r, { token: 't' })).toEqual({ pushed: false, reason: 'moved', detail: `main is no longer at ${r.slice(0, 12)}` });
    expect(main()).toBe(a);
  });

  it("reports the server's refusal (a declining hook) and leaves the branch", async () => {
    const hook = join(server, 'hooks', 'pre-receive');
    mkdirSync(join(server, 'hooks'), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\necho "error: GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    try {
      // over HTTP (the fake GitHub, propose-merge.test.ts) the hook's `remote:` lines are the detail; a local push may only say the hook declined
      expect(await pushWithLease(ws(), local, 'acme/pkg', r, 'main', a, { token: 't' })).toEqual({ pushed: false, reason: 'refused', detail: expect.stringMatching(/GH006: Protected branch update failed for refs\/heads\/main\.|\[remote rejected\] \(pre-receive hook declined\)/) });
      expect(main()).toBe(a);
    } finally {
      removeDirs(hook);
    }
  });

  it('moves the branch (not a fast-forward) when it is still at the expected sha', async () => {
    expect(await pushWithLease(ws(), local, 'acme/pkg', r, 'main', a, { token: 't' })).toEqual({ pushed: true });
    expect(main()).toBe(r);
  });
});
