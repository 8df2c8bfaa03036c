import { describe, expect, it } from 'vitest';
import { readAppEnv } from '../../src/app/env.js';
import { openAppLookaside } from '../../src/app/lookaside-config.js';
import { tempDir, removeDirs } from '../helpers/corpus.js';

const envOf = (vars: Record<string, string>) => {
  const dir = tempDir('app-lookaside-env');
  try {
    return readAppEnv(dir, { DISTSYNC_DATA_DIR: dir, ...vars });
  } finally {
    removeDirs(dir);
  }
};

describe('the App takes every lookaside store kind from its environment', () => {
  it('DISTSYNC_LOOKASIDE: fedora+https with its Authorization, s3 with AWS keys, git+ — each opened as the CLI would', () => {
    const fedora = envOf({ DISTSYNC_LOOKASIDE: 'fedora+https://pkgs.example.org/repo/pkgs', DISTSYNC_LOOKASIDE_AUTHORIZATION: 'Bearer x' }).lookaside!;
    expect(fedora.credentials.DISTSYNC_LOOKASIDE_AUTHORIZATION).toBe('Bearer x');
    expect(openAppLookaside(fedora, 'https://github.com').describe()).toBe('Fedora lookaside https://pkgs.example.org/repo/pkgs (namespace rpms) (upload https://pkgs.example.org/repo/pkgs/upload.cgi)');
    const s3 = envOf({ DISTSYNC_LOOKASIDE: 's3://bucket/pkgs?region=eu-west-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' }).lookaside!;
    expect(openAppLookaside(s3, 'https://github.com').describe()).toBe('S3 lookaside s3://bucket/pkgs/ at https://s3.eu-west-1.amazonaws.com');
    const gitLa = envOf({ DISTSYNC_LOOKASIDE: 'git+https://github.com/org/lookaside.git#lz4' }).lookaside!;
    expect(openAppLookaside(gitLa, 'https://github.com', { token: 'ghs_t0ken' }).describe()).toBe('git lookaside https://github.com/org/lookaside.git#lz4');
    expect(envOf({}).lookaside).toBeUndefined();
  });

  it('a bad DISTSYNC_LOOKASIDE or missing credentials stop the App at start with the variable named (usage, exit 2)', () => {
    const bad = (vars: Record<string, string>) => {
      try {
        envOf(vars);
      } catch (e) {
        return e as { code: string; message: string; next?: string };
      }
      throw new Error('accepted');
    };
    expect(bad({ DISTSYNC_LOOKASIDE: 's3://bucket/pkgs?region=eu-west-1' })).toMatchObject({ code: 'usage', message: 'DISTSYNC_LOOKASIDE: s3://bucket/pkgs?region=eu-west-1: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set' });
    expect(bad({ DISTSYNC_LOOKASIDE: 'ftp://x/y' })).toMatchObject({ code: 'usage', message: "DISTSYNC_LOOKASIDE: ftp://x/y: unknown scheme 'ftp://'" });
  });
});
