import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { cloneUpstream, fingerprint, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { startFedoraStub, type FedoraStubOptions } from './fedora-stub.js';
import { S3_KEYS, startS3Stub } from './s3-stub.js';

const run = runCliCaptured;
const PACKAGER = ['--packager', 'Jane Packager <jane@example.org>'];

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

/** The tarball hash the proposal recorded in dist-git's .lz4.metadata (sha256 by length). */
function recorded(distGit: string): string {
  return git(distGit, 'show', 'propose-downstream/1.9.4:.lz4.metadata').split(/\s+/)[0]!;
}

async function fedora(opts: FedoraStubOptions = {}) {
  const stub = await startFedoraStub({ requireAuth: 'Bearer e2e', modules: ['lz4'], ...opts });
  cleanups.push(() => stub.close());
  vi.stubEnv('DISTSYNC_LOOKASIDE_AUTHORIZATION', 'Bearer e2e');
  return stub;
}

/** A failing run: exit code, the whole stderr, and both repos exactly as they were. */
async function refused(args: string[], r: { sourceGit: string; distGit: string }) {
  const before = [fingerprint(r.sourceGit), fingerprint(r.distGit)];
  const res = await run([...args, r.sourceGit, r.distGit]);
  expect([fingerprint(r.sourceGit), fingerprint(r.distGit)]).toEqual(before);
  // stderr: progress lines, then the error block
  return { ...res, err: res.err.slice(res.err.indexOf('error: ')) };
}

describe('propose-downstream --lookaside fedora+URL (CLI, upload.cgi as dist-git answers)', () => {
  it('uploads under rpms/lz4 to a CGI that takes sha256; a re-run uploads nothing, says so, and keeps both branches', async () => {
    const stub = await fedora({ knows: ['sha512', 'md5', 'sha256'] });
    const r = await repos();
    const args = ['propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', ...PACKAGER, r.sourceGit, r.distGit];
    const res = await run(args);
    expect(res.err).not.toContain('error:');
    expect(res.code).toBe(0);
    const hash = recorded(r.distGit);
    const key = stub.keyOf('lz4', 'lz4-1.9.4.tar.gz', 'sha256', hash);
    expect([...stub.objects.keys()]).toEqual([key]);
    expect(createHash('sha256').update(stub.objects.get(key)!).digest('hex')).toBe(hash);
    expect(res.out).toContain(`  tarball lz4-1.9.4.tar.gz (sha256 ${hash}) uploaded to Fedora lookaside ${stub.base} (namespace rpms) (upload ${stub.base}/upload.cgi)\n`);
    expect(res.out).toContain(`next: distsync verify --lookaside fedora+${stub.base} <source-git at propose-downstream/1.9.4>`);

    const branches = [git(r.sourceGit, 'rev-parse', 'propose-downstream/1.9.4'), git(r.distGit, 'rev-parse', 'propose-downstream/1.9.4')];
    stub.seen.length = 0;
    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`  tarball lz4-1.9.4.tar.gz (sha256 ${hash}) already in Fedora lookaside ${stub.base} (namespace rpms) (upload ${stub.base}/upload.cgi), verified: nothing uploaded\n`);
    expect(again.out).not.toContain('uploaded to');
    // one preflight check, one download of the object, no upload, no second check
    expect(stub.seen.map((s) => `${s.method} ${s.path.replace(hash, 'H')}`)).toEqual(['POST /repo/pkgs/upload.cgi', 'GET /repo/pkgs/rpms/lz4/lz4-1.9.4.tar.gz/sha256/H/lz4-1.9.4.tar.gz']);
    expect([git(r.sourceGit, 'rev-parse', 'propose-downstream/1.9.4'), git(r.distGit, 'rev-parse', 'propose-downstream/1.9.4')]).toEqual(branches);
  });

  it("a damaged object already under our hash is refused: exit 1, hash-mismatch, no branch written", async () => {
    const stub = await fedora({ knows: ['sha512', 'md5', 'sha256'] });
    const r = await repos();
    const args = ['propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', ...PACKAGER];
    expect((await run([...args, r.sourceGit, r.distGit])).code).toBe(0);
    const hash = recorded(r.distGit);
    const key = stub.keyOf('lz4', 'lz4-1.9.4.tar.gz', 'sha256', hash);
    stub.objects.set(key, Buffer.from('damaged'));
    git(r.sourceGit, 'branch', '-D', 'propose-downstream/1.9.4');
    git(r.distGit, 'branch', '-D', 'propose-downstream/1.9.4');
    const res = await refused(args, r);
    expect(res.code).toBe(1);
    expect(res.err).toBe(`error: ${stub.base}/rpms/lz4/lz4-1.9.4.tar.gz/sha256/${hash}/lz4-1.9.4.tar.gz has sha256 ${createHash('sha256').update('damaged').digest('hex')}, expected ${hash}\n  next: the lookaside copy is damaged or the checksum line is wrong; ask the lookaside admins to remove the object, or fix the checksum file\n`);
  });

  it('a sha256 checksum file and a CGI that knows sha512/md5 only: refused before any work, saying what the store needs (and --json prints one error document)', async () => {
    const stub = await fedora();
    const r = await repos();
    const res = await refused(['--json', 'propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', ...PACKAGER], r);
    expect(res.code).toBe(1);
    const message = `.lz4.metadata records sha256 hashes, and ${stub.base}/upload.cgi does not take sha256 checksums (HTTP 400 — Required checksum is not present): dist-git's upload.cgi needs sha512`;
    const next = "dist-git's upload.cgi takes sha512 (md5 only for old files): record sha512 in the checksum file, or use a store that takes any hash (DIR, s3://, git+URL#BRANCH); nothing was done";
    expect(JSON.parse(res.out)).toEqual({ error: { code: 'lookaside-incompatible', message, next } });
    expect(res.err).toBe(`error: ${message}\n  next: ${next}\n`);
    expect(stub.seen.map((s) => s.method)).toEqual(['POST']);
    expect(git(r.sourceGit, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('403 from the CGI exits 1 (not 2) with the server message; 404 Module … names the namespace; nothing written', async () => {
    const stub = await fedora();
    const r = await repos();
    vi.stubEnv('DISTSYNC_LOOKASIDE_AUTHORIZATION', 'Bearer wrong');
    const denied = await refused(['propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', ...PACKAGER], r);
    expect(denied.code).toBe(1);
    expect(denied.err).toBe(`error: asking whether rpms/lz4 takes sha256 uploads at ${stub.base}/upload.cgi: HTTP 403 — You must connect with a valid certificate and be in the packager group to upload.\n  next: check the credentials given to the lookaside ($DISTSYNC_LOOKASIDE_AUTHORIZATION for fedora+https://, $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY for s3://) and that they may write there, then run again\n`);
    const permissive = await fedora({ knows: ['sha512', 'md5', 'sha256'] });
    const unknown = await refused(['propose-downstream', '--lookaside', `fedora+${permissive.base}?namespace=modules`, '--tag', 'v1.9.4', ...PACKAGER], r);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(`error: asking whether modules/lz4 takes sha256 uploads at ${permissive.base}/upload.cgi: HTTP 404 — Module "modules/lz4" does not exist!\n  next: the lookaside knows no package modules/lz4: check the package name (downstream_package_name) and the namespace (--lookaside fedora+https://HOST/repo/pkgs?namespace=NS, default rpms; ?namespace= for none)\n`);
  });

  it('5xx: exit 1, the HTML title, next says retry; 400: specific, no retry', async () => {
    const stub = await fedora();
    const r = await repos();
    stub.state.failWith = { status: 503, type: 'text/html', body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>' };
    const busy = await refused(['propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', ...PACKAGER], r);
    expect(busy.code).toBe(1);
    expect(busy.err).toBe(`error: asking whether rpms/lz4 takes sha256 uploads at ${stub.base}/upload.cgi: HTTP 503 — 503 Service Unavailable: The server is temporarily unable to service your request.\n  next: the server failed, not the request: retry later; if it keeps failing, tell the lookaside admins (their server log has the cause)\n`);
    stub.state.failWith = { status: 400, body: 'Required field "name" is not present.' };
    const bad = await refused(['propose-downstream', '--lookaside', `fedora+${stub.base}`, '--tag', 'v1.9.4', ...PACKAGER], r);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`error: asking whether rpms/lz4 takes sha256 uploads at ${stub.base}/upload.cgi: HTTP 400 — Required field "name" is not present.\n  next: the server refused the request itself: check that --lookaside (and --lookaside-upload) point at a dist-git lookaside or an S3 endpoint; retrying will not help\n`);
  });
});

describe('propose-downstream --lookaside s3:// (CLI)', () => {
  it('puts the new tarball into an s3:// bucket with keys from the environment; a re-run uploads nothing', async () => {
    const stub = await startS3Stub('lookaside');
    cleanups.push(() => stub.close());
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3_KEYS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3_KEYS.secretAccessKey);
    const { sourceGit, distGit } = await repos();
    const spec = `s3://lookaside/pkgs?region=${stub.region}&endpoint=${encodeURIComponent(stub.url)}`;
    const args = ['propose-downstream', '--lookaside', spec, '--tag', 'v1.9.4', ...PACKAGER, sourceGit, distGit];
    const res = await run(args);
    expect(res.err).not.toContain('error:');
    expect(res.code).toBe(0);
    const keys = [...stub.objects.keys()];
    expect(keys).toEqual([`pkgs/lz4/lz4-1.9.4.tar.gz/sha256/${recorded(distGit)}/lz4-1.9.4.tar.gz`]);
    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.out).toContain('verified: nothing uploaded');
  });

  it('a missing bucket: exit 1 with NoSuchBucket extracted from the XML body', async () => {
    const stub = await startS3Stub('lookaside');
    cleanups.push(() => stub.close());
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3_KEYS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3_KEYS.secretAccessKey);
    const r = await repos();
    const res = await refused(['propose-downstream', '--lookaside', `s3://nobucket/pkgs?region=${stub.region}&endpoint=${encodeURIComponent(stub.url)}`, '--tag', 'v1.9.4', ...PACKAGER], r);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^error: downloading http:\/\/127\.0\.0\.1:\d+\/nobucket\/pkgs\/lz4\/\.distsync-preflight\/sha256\/[0-9a-f]{64}\/\.distsync-preflight: HTTP 404 — NoSuchBucket: The specified bucket does not exist\n  next: the bucket does not exist at this endpoint: check s3:\/\/BUCKET, \?region= and \?endpoint= in --lookaside\n$/);
  });
});
