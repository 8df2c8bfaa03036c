import { describe, expect, it } from 'vitest';
import { readAppEnv } from '../../src/app/env.js';

describe('the App environment', () => {
  it('defaults: SQLite in the working directory, 30 days of history, the store default lease', () => {
    const env = readAppEnv('/srv/distsync', {});
    expect(env).toMatchObject({ dbFile: '/srv/distsync/distsync.sqlite', retentionMs: 30 * 86_400_000 });
    expect(env.jobLeaseMs).toBeUndefined();
    expect(env.databaseUrl).toBeUndefined();
  });

  it('reads the lease and the retention; 0 days keeps everything', () => {
    expect(readAppEnv('/x', { DISTSYNC_JOB_LEASE_SECONDS: '90', DISTSYNC_RETENTION_DAYS: '7' })).toMatchObject({ jobLeaseMs: 90_000, retentionMs: 7 * 86_400_000 });
    expect(readAppEnv('/x', { DISTSYNC_RETENTION_DAYS: '0' }).retentionMs).toBeUndefined();
  });

  it('refuses values it cannot use, saying what it wants', () => {
    expect(() => readAppEnv('/x', { DISTSYNC_JOB_LEASE_SECONDS: '5' })).toThrow('DISTSYNC_JOB_LEASE_SECONDS=5: must be a whole number of seconds, at least 10 (unset it for the default)');
    expect(() => readAppEnv('/x', { DISTSYNC_JOB_LEASE_SECONDS: '1m' })).toThrow(/whole number of seconds/);
    expect(() => readAppEnv('/x', { DISTSYNC_WORKER_PORT: 'http' })).toThrow('DISTSYNC_WORKER_PORT=http: must be a TCP port number, at least 1 and at most 65535 (unset it for the default)');
    expect(() => readAppEnv('/x', { DISTSYNC_WORKER_PORT: '70000' })).toThrow(/at most 65535/);
    expect(() => readAppEnv('/x', { DISTSYNC_RETENTION_DAYS: '-1' })).toThrow('DISTSYNC_RETENTION_DAYS=-1: must be a whole number of days, at least 0 (unset it for the default)');
  });
});
