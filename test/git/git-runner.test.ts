import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createGit, redact } from '../../src/git/index.js';
import { newRepo, sh, tempDirs, rejectionOf } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

function memoryLog() {
  const lines: string[] = [];
  return { lines, debug: (m: string) => lines.push(m) };
}

describe('createGit', () => {
  it('runs git with a C locale and fixed config', async () => {
    const dir = newRepo(tmp.make('runner'));
    const git = createGit(dir);
    const res = await git.run(['config', '--get', 'core.autocrlf']);
    expect(res.stdout.trim()).toBe('false');
    expect((await git.run(['config', '--get', 'init.defaultBranch'])).stdout.trim()).toBe('main');
    const env = await git.run(['var', 'GIT_EDITOR'], { env: { GIT_EDITOR: 'true' } });
    expect(env.stdout.trim()).toBe('true');
  });

  it('passes input and returns stdout as text or bytes', async () => {
    const dir = newRepo(tmp.make('runner'));
    const git = createGit(dir);
    const bytes = Buffer.from([0, 1, 2, 13, 10, 255]);
    const id = (await git.run(['hash-object', '-w', '--stdin'], { input: bytes })).stdout.trim();
    const back = await git.runBuffer(['cat-file', 'blob', id]);
    expect(back.stdout.equals(bytes)).toBe(true);
  });

  it('logs every command with secrets, extra headers and URL tokens hidden', async () => {
    const dir = newRepo(tmp.make('runner'));
    const log = memoryLog();
    const git = createGit(dir, { log, secrets: ['s3cr3t'] });
    await git.run(['-c', 'http.extraHeader=Authorization: Bearer abc123', 'config', '--get', 'core.autocrlf']);
    await git.run(['ls-remote', 'https://x-access-token:ghs_TOKEN@github.invalid/o/r.git'], { allowFail: true });
    await git.run(['log', '--grep=s3cr3t'], { allowFail: true });
    const all = log.lines.join('\n');
    expect(log.lines).toHaveLength(3);
    expect(all).not.toMatch(/abc123|ghs_TOKEN|s3cr3t/);
    expect(all).toContain('http.extraHeader=***');
    expect(all).toContain('x-access-token:***@github.invalid');
  });

  it('redacts error messages too', async () => {
    const dir = newRepo(tmp.make('runner'));
    const git = createGit(dir, { secrets: ['hunter2'] });
    const err = await rejectionOf(git.run(['fetch', 'https://user:hunter2@127.0.0.1:9/none.git']));
    expect(err).toBeInstanceOf(DistsyncError);
    expect(err.message + String((err.cause as Error | undefined)?.message)).not.toContain('hunter2');
    expect(redact('http.https://h/.extraheader=AUTHORIZATION: basic Zm9v')).toBe('http.https://h/.extraheader=***');
  });

  it('redacts GitHub tokens, Authorization headers and JWTs wherever they appear (what /status shows)', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJlX2J5dGVz';
    const text = `push failed: ghp_abcdefghijklmnop1234 and ghs_ABCDEFGHIJKLMNOP5678\nAuthorization: token xyz\nbearer ${jwt} end`;
    expect(redact(text)).toBe('push failed: *** and ***\nAuthorization: ***\nbearer *** end');
    expect(redact('ghp_short stays')).toBe('ghp_short stays');
  });

  it('maps failures to typed errors', async () => {
    const dir = newRepo(tmp.make('runner'));
    const git = createGit(dir);
    const e1 = await rejectionOf(git.run(['log', 'no-such-ref']));
    expect(e1.code).toBe('ref-not-found');
    const e2 = await rejectionOf(git.run(['rev-parse', '--verify', 'nope']));
    expect(e2.code).toBe('ref-not-found');
    const e3 = await rejectionOf(createGit(tmp.make('plain')).run(['status']));
    expect(e3.code).toBe('not-a-repo');
    const e4 = await rejectionOf(git.run(['commit', '-q', '-m', 'x']));
    expect(e4.code).toBe('git-failed');
    expect(e4.message).toMatch(/^git commit failed: /);
    const e5 = await rejectionOf(createGit(join(dir, 'missing')).run(['status']));
    expect(e5.code).toBe('not-a-repo');
    const ok = await git.run(['rev-parse', '--verify', 'nope'], { allowFail: true });
    expect(ok.code).not.toBe(0);
    expect(ok.stderr).toMatch(/Needed a single revision/);
  });

  it('caps stdout', async () => {
    const dir = newRepo(tmp.make('runner'));
    writeFileSync(join(dir, 'big'), 'x'.repeat(100_000));
    sh(dir, 'add', 'big');
    sh(dir, 'commit', '-qm', 'big');
    const git = createGit(dir);
    const err = await rejectionOf(git.run(['show', 'HEAD:big'], { maxBuffer: 1000 }));
    expect(err.code).toBe('git-failed');
    expect(err.message).toMatch(/more than 1000 bytes/);
  });
});
