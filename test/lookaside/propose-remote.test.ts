import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { startFedoraStub } from './fedora-stub.js';
import { S3_KEYS, startS3Stub } from './s3-stub.js';

const run = runCliCaptured;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of cleanups.splice(0)) await c();
});

/** lz4 source-git at 1.9.3 and its dist-git, ready to propose 1.9.4. */
async function repos(): Promise<{ sourceGit: string; distGit: string }> {
  const dir = tempDir('propose-remote');
  cleanups.push(() => removeDirs(dir));
  const distGit = makeDistGit(dir, 'lz4');
  const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
  expect((await run(['source-git', 'init', '--lookaside', makeLookaside(dir, 'lz4'), 'v1.9.3', sourceGit, distGit])).code).toBe(0);
  return { sourceGit, distGit };
}

/** The tarball hash the proposal recorded in dist-git's .lz4.metadata (sha256 by length) or sources. */
function recorded(distGit: string): string {
  const meta = git(distGit, 'show', 'propose-downstream/1.9.4:.lz4.metadata');
  return meta.split(/\s+/)[0]!;
}

describe('propose-downstream --lookaside URL (CLI)', () => {
  it('uploads the new tarball through upload.cgi of a fedora+http lookaside', async () => {
    const stub = await startFedoraStub({ requireAuth: 'Bearer e2e' });
    cleanups.push(() => stub.close());
    vi.stubEnv('DISTSYNC_LOOKASIDE_AUTHORIZATION', 'Bearer e2e');
    const { sourceGit, distGit } = await repos();
    const res = await run(['propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', '--packager', 'Jane Packager <jane@example.org>', sourceGit, distGit]);
    expect(res.err).not.toContain('error:');
    expect(res.code).toBe(0);
    const hash = recorded(distGit);
    const [key, body] = [...stub.objects][0]!;
    expect(key).toMatch(new RegExp(`^/lz4/lz4-1\\.9\\.4\\.tar\\.gz/sha(256|512)/${hash}/lz4-1\\.9\\.4\\.tar\\.gz$`));
    expect(createHash(key.includes('/sha256/') ? 'sha256' : 'sha512').update(body).digest('hex')).toBe(hash);
    expect(res.out).toContain('<a directory holding lz4-1.9.4.tar.gz>');
  });

  it('puts the new tarball into an s3:// bucket with keys from the environment', async () => {
    const stub = await startS3Stub('lookaside');
    cleanups.push(() => stub.close());
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3_KEYS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3_KEYS.secretAccessKey);
    const { sourceGit, distGit } = await repos();
    const spec = `s3://lookaside/pkgs?region=${stub.region}&endpoint=${encodeURIComponent(stub.url)}`;
    const res = await run(['propose-downstream', '--lookaside', spec, '--tag', 'v1.9.4', '--packager', 'Jane Packager <jane@example.org>', sourceGit, distGit]);
    expect(res.err).not.toContain('error:');
    expect(res.code).toBe(0);
    const keys = [...stub.objects.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toContain(`/${recorded(distGit)}/lz4-1.9.4.tar.gz`);
  });
});
