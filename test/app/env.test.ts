import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAppEnv, requireAppCredentials } from '../../src/app/env.js';

describe('the App environment', () => {
  it('defaults: all state under ./distsync-data, github.com, 30 days of history, the store default lease, 1 GiB free for /readyz', () => {
    const env = readAppEnv('/srv/distsync', {});
    expect(env).toMatchObject({
      dataDir: '/srv/distsync/distsync-data',
      dbFile: '/srv/distsync/distsync-data/distsync.sqlite',
      cacheDir: '/srv/distsync/distsync-data/cache',
      lookasideDir: '/srv/distsync/distsync-data/lookaside',
      gitBaseUrl: 'https://github.com',
      webBaseUrl: 'https://github.com',
      retentionMs: 30 * 86_400_000,
      readyMinFreeBytes: 1024 * 1024 * 1024,
    });
    expect(env.jobLeaseMs).toBeUndefined();
    expect(env.databaseUrl).toBeUndefined();
    expect(env.botLogin).toBeUndefined();
    expect(env.statusAuth).toBeUndefined();
  });

  it('DISTSYNC_EVAL_WITH_RPM: off unless 1/true; anything else is refused, naming the variable', () => {
    expect(readAppEnv('/x', {}).evalWithRpm).toBe(false);
    expect(readAppEnv('/x', { DISTSYNC_EVAL_WITH_RPM: '0' }).evalWithRpm).toBe(false);
    expect(readAppEnv('/x', { DISTSYNC_EVAL_WITH_RPM: '1' }).evalWithRpm).toBe(true);
    expect(readAppEnv('/x', { DISTSYNC_EVAL_WITH_RPM: 'true' }).evalWithRpm).toBe(true);
    expect(() => readAppEnv('/x', { DISTSYNC_EVAL_WITH_RPM: 'yes please' })).toThrow('DISTSYNC_EVAL_WITH_RPM=yes please: must be 1 or 0 (true or false)');
  });

  it('DISTSYNC_DATA_DIR holds the SQLite file, the git cache and the local lookaside; each stays overridable', () => {
    expect(readAppEnv('/x', { DISTSYNC_DATA_DIR: '/var/lib/distsync' })).toMatchObject({ dbFile: '/var/lib/distsync/distsync.sqlite', cacheDir: '/var/lib/distsync/cache', lookasideDir: '/var/lib/distsync/lookaside' });
    expect(readAppEnv('/x', { DISTSYNC_DATA_DIR: '/d', DISTSYNC_DB: '/db/s.sqlite', DISTSYNC_CACHE_DIR: '/fast/cache', DISTSYNC_LOOKASIDE_DIR: '/nfs/la' })).toMatchObject({ dbFile: '/db/s.sqlite', cacheDir: '/fast/cache', lookasideDir: '/nfs/la' });
    expect(() => readAppEnv('/x', { DISTSYNC_DATA_DIR: 'state' })).toThrow('DISTSYNC_DATA_DIR=state: must be an absolute path, like /var/lib/distsync');
  });

  it('keeps a deployment from before DISTSYNC_DATA_DIR on its files in the working directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'distsync-env-'));
    try {
      writeFileSync(join(cwd, 'distsync.sqlite'), '');
      expect(readAppEnv(cwd, {})).toMatchObject({ dataDir: cwd, dbFile: join(cwd, 'distsync.sqlite'), cacheDir: join(cwd, '.distsync-cache'), lookasideDir: join(cwd, 'distsync-lookaside') });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('derives the git and web URLs from GHE_HOST and GHE_PROTOCOL; DISTSYNC_GIT_URL / DISTSYNC_WEB_URL override them', () => {
    expect(readAppEnv('/x', { GHE_HOST: 'github.example.com' })).toMatchObject({ gitBaseUrl: 'https://github.example.com', webBaseUrl: 'https://github.example.com' });
    expect(readAppEnv('/x', { GHE_HOST: '127.0.0.1:8080', GHE_PROTOCOL: 'http' })).toMatchObject({ gitBaseUrl: 'http://127.0.0.1:8080', webBaseUrl: 'http://127.0.0.1:8080' });
    expect(readAppEnv('/x', { GHE_HOST: 'ghe.corp', DISTSYNC_GIT_URL: 'https://git-mirror.corp/', DISTSYNC_WEB_URL: 'https://ghe.corp' })).toMatchObject({ gitBaseUrl: 'https://git-mirror.corp', webBaseUrl: 'https://ghe.corp' });
    expect(() => readAppEnv('/x', { GHE_HOST: 'https://ghe.corp' })).toThrow('GHE_HOST=https://ghe.corp: must be a host name with an optional :port');
    expect(() => readAppEnv('/x', { GHE_HOST: 'ghe.corp', GHE_PROTOCOL: 'ftp' })).toThrow('GHE_PROTOCOL=ftp: must be https or http');
    expect(() => readAppEnv('/x', { DISTSYNC_GIT_URL: 'ghe.corp' })).toThrow('DISTSYNC_GIT_URL=ghe.corp: must be an http:// or https:// URL');
  });

  it('reads the lease, the retention, the bot login, the /readyz threshold and /status basic auth; 0 days keeps everything', () => {
    expect(readAppEnv('/x', { DISTSYNC_JOB_LEASE_SECONDS: '90', DISTSYNC_RETENTION_DAYS: '7' })).toMatchObject({ jobLeaseMs: 90_000, retentionMs: 7 * 86_400_000 });
    expect(readAppEnv('/x', { DISTSYNC_RETENTION_DAYS: '0' }).retentionMs).toBeUndefined();
    expect(readAppEnv('/x', { DISTSYNC_BOT_LOGIN: 'pkgsync[bot]', DISTSYNC_READY_MIN_FREE_MB: '10', DISTSYNC_STATUS_USER: 'ops', DISTSYNC_STATUS_PASSWORD: 's3cret' })).toMatchObject({
      botLogin: 'pkgsync[bot]',
      readyMinFreeBytes: 10 * 1024 * 1024,
      statusAuth: { user: 'ops', password: 's3cret' },
    });
  });

  it('refuses values it cannot use, saying what it wants and how to fix it', () => {
    expect(() => readAppEnv('/x', { DISTSYNC_JOB_LEASE_SECONDS: '5' })).toThrow('DISTSYNC_JOB_LEASE_SECONDS=5: must be a whole number of seconds, at least 10 (unset it for the default)');
    expect(() => readAppEnv('/x', { DISTSYNC_JOB_LEASE_SECONDS: '1m' })).toThrow(/whole number of seconds/);
    expect(() => readAppEnv('/x', { DISTSYNC_WORKER_PORT: 'http' })).toThrow('DISTSYNC_WORKER_PORT=http: must be a TCP port number, at least 1 and at most 65535 (unset it for the default)');
    expect(() => readAppEnv('/x', { DISTSYNC_WORKER_PORT: '70000' })).toThrow(/at most 65535/);
    expect(() => readAppEnv('/x', { DISTSYNC_RETENTION_DAYS: '-1' })).toThrow('DISTSYNC_RETENTION_DAYS=-1: must be a whole number of days, at least 0 (unset it for the default)');
    expect(() => readAppEnv('/x', { DISTSYNC_CACHE_MAX_MB: 'lots' })).toThrow('DISTSYNC_CACHE_MAX_MB=lots: must be a whole number of megabytes');
    expect(() => readAppEnv('/x', { DISTSYNC_STATUS_USER: 'ops' })).toThrow(/DISTSYNC_STATUS_PASSWORD.*set together/);
    expect(() => readAppEnv('/x', { DISTSYNC_RETENTION_DAYS: '-1' })).toThrow(expect.objectContaining({ code: 'usage', next: expect.stringContaining('DISTSYNC_RETENTION_DAYS') }));
  });

  it('names the App credentials Probot needs before it starts', () => {
    expect(() => requireAppCredentials('web', {})).toThrow("the GitHub App's APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET are not set");
    expect(() => requireAppCredentials('worker', { APP_ID: '12', PRIVATE_KEY_PATH: '/k.pem' })).not.toThrow();
    expect(() => requireAppCredentials('all', { APP_ID: 'my-app', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 's' })).toThrow('APP_ID=my-app: must be');
  });
});
