import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';

describe('--json failures: one JSON document on stdout, whatever failed', () => {
  it('a distsync error: {"error": {code, message, next}} and its exit code', async () => {
    const dir = tempDir('json-err');
    try {
      const res = await run(['--json', 'propose-downstream', '--lookaside', 'fedora+https://pkgs.example.org/repo/pkgs/rpms', dir, dir]);
      expect(res.code).toBe(2);
      expect(JSON.parse(res.out)).toEqual({
        error: {
          code: 'usage',
          message: "--lookaside fedora+https://pkgs.example.org/repo/pkgs/rpms: the URL ends in the namespace 'rpms', which distsync adds itself: pass the lookaside root --lookaside fedora+https://pkgs.example.org/repo/pkgs (where upload.cgi lives; ?namespace=NS when it is not rpms)",
          next: expect.stringContaining('pass one of:'),
        },
      });
    } finally {
      removeDirs(dir);
    }
  });

  it('a usage error found by the argument parser, and a command without next', async () => {
    const res = await run(['--json', 'source-git', 'status', 'only-one-arg']);
    expect(res.code).toBe(2);
    expect(JSON.parse(res.out)).toEqual({ error: { code: 'usage', message: "missing required argument 'dist-git'", next: 'run distsync <command> --help' } });
    const none = await run(['source-git', 'status', 'only-one-arg']);
    expect(none.out).toBe('');
  });
});
