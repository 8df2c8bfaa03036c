import { describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { authHeader, redact, runGit } from '../../src/git/run-git.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';

const TOKEN = 'ghs_secretsecretsecret123';

describe('runGit: the token travels in a header and never shows', () => {
  it('builds a basic auth header for x-access-token', () => {
    expect(authHeader(TOKEN)).toBe(`Authorization: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`);
  });
  it('redacts the token and its base64 form', () => {
    const b64 = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    expect(redact(`a ${TOKEN} b ${b64}`, { token: TOKEN })).toBe('a *** b ***');
  });
  it('a Forgejo/GitLab token goes with the bot user (basic bot:token), redacted in that form too', () => {
    const glpat = 'glpat-abcdefghij0123456789';
    const b64 = Buffer.from(`centos-distsync:${glpat}`).toString('base64');
    expect(authHeader(glpat, 'centos-distsync')).toBe(`Authorization: basic ${b64}`);
    expect(redact(`x ${b64} ${glpat}`, { token: glpat, user: 'centos-distsync' })).toBe('x *** ***');
  });
  it('keeps the token out of error messages and logged command lines', async () => {
    const dir = tempDir('run-git');
    const lines: string[] = [];
    try {
      await runGit(['init', '-q', '--bare', '.'], { cwd: dir });
      const err = (await runGit(['fetch', 'http://127.0.0.1:9/nothing.git'], {
        cwd: dir,
        auth: { token: TOKEN },
        config: [`url.http://127.0.0.1:9/${TOKEN}/.insteadOf=http://never/`],
        log: { debug: (m) => lines.push(m) },
      }).then(
        () => undefined,
        (e: unknown) => e,
      )) as DistsyncError;
      expect(err).toBeInstanceOf(DistsyncError);
      expect(err.code).toBe('git-failed');
      expect(err.message).toMatch(/^git fetch failed \(exit 128\)/);
      expect(`${err.format()}${lines.join('')}`).not.toContain(TOKEN);
      expect(lines).toEqual([`git -C ${dir} fetch http://127.0.0.1:9/nothing.git`]);
    } finally {
      removeDirs(dir);
    }
  });
});
