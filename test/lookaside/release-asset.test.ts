import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { createLocalLookaside, createSourceDownloader } from '../../src/lookaside/index.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { rejectionOf } from '../git/helpers.js';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { CORPUS, cloneUpstream, fingerprint, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { listen, type Seen } from './http-stub.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The lz4 1.9.4 release asset as upstream might publish it: git archive, gzip -9 (not what git archive | gzip -n gives). */
function releaseAsset(dir: string): Buffer {
  const up = join(dir, 'up.git');
  git(dir, 'clone', '-q', '--bare', join(CORPUS, 'lz4', 'upstream', 'lz4-upstream.bundle'), up);
  const tar = execFileSync('git', ['-C', up, 'archive', '--format=tar', '--prefix=lz4-1.9.4/', 'v1.9.4'], { maxBuffer: 64 << 20 });
  return execFileSync('gzip', ['-9cn'], { input: tar, maxBuffer: 64 << 20 });
}

/** A GitHub-like API on 127.0.0.1: GET /api/repos/lz4/lz4/releases/tags/TAG lists assets with `digest`; the asset URL answers the bytes. */
async function githubStub(asset: Buffer, state: { digest?: string | null; assets?: string[] }) {
  const seen: Seen[] = [];
  const srv = await listen((req, res) => {
    seen.push(req);
    if (req.path === '/api/repos/lz4/lz4/releases/tags/v1.9.4') {
      const assets = (state.assets ?? ['lz4-1.9.4.tar.gz']).map((name, i) => ({ name, url: `${srv.url}/api/repos/lz4/lz4/releases/assets/${i + 1}`, digest: state.digest === undefined ? `sha256:${sha256(asset)}` : state.digest }));
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tag_name: 'v1.9.4', assets }));
    }
    if (req.path === '/api/repos/lz4/lz4/releases/assets/1' && req.headers.accept === 'application/octet-stream') return void res.writeHead(200, { 'content-length': asset.length }).end(asset);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
  cleanups.push(() => srv.close());
  return { ...srv, seen };
}

async function repos(webBase: string) {
  const dir = tempDir('release-asset');
  cleanups.push(() => removeDirs(dir));
  const distGit = makeDistGit(dir, 'lz4');
  const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
  expect((await run(['source-git', 'init', '--lookaside', makeLookaside(dir, 'lz4'), 'v1.9.3', sourceGit, distGit])).code).toBe(0);
  const spec = join(sourceGit, '.distro', 'lz4.spec');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^Source0:.*$/m, `Source0:        ${webBase}/lz4/lz4/releases/download/v%{version}/%{name}-%{version}.tar.gz`));
  git(sourceGit, 'commit', '-q', '-am', 'Source0 is the release asset');
  const store = join(dir, 'store');
  mkdirSync(store);
  return { dir, distGit, sourceGit, store, asset: releaseAsset(dir) };
}

const packager = { name: 'Jane Packager', email: 'jane@example.org' };

describe('Source0 as a release asset: downloaded through the API with the token, checked against its digest, used instead of git archive', () => {
  it('the digest matches: the asset is the tarball uploaded and recorded', async () => {
    const r = await repos('http://placeholder');
    const gh = await githubStub(r.asset, {});
    const spec = join(r.sourceGit, '.distro', 'lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('http://placeholder', gh.url));
    git(r.sourceGit, 'commit', '-q', '-am', 'stub host');
    const res = await proposeDownstream({ log: createMemoryLogger() }, {
      sourceGitDir: r.sourceGit, distGitDir: r.distGit, tag: 'v1.9.4', lookaside: createLocalLookaside(r.store), packager, date: new Date('2026-01-01T00:00:00Z'),
      downloadSource0: createSourceDownloader({ webBaseUrl: gh.url, apiBaseUrl: `${gh.url}/api`, token: 't0k' }),
    });
    expect(res.tarball.hash).toBe(sha256(r.asset));
    expect(readFileSync(join(r.store, 'lz4', 'lz4-1.9.4.tar.gz', 'sha256', res.tarball.hash, 'lz4-1.9.4.tar.gz')).equals(r.asset)).toBe(true);
    expect(res.notes).toContain(`Source0 downloaded from ${gh.url}/lz4/lz4/releases/download/v1.9.4/lz4-1.9.4.tar.gz (sha256 ${sha256(r.asset)}, equal to the release asset's digest) instead of git archive`);
    expect(gh.seen.map((s) => [s.path, s.headers.authorization])).toEqual([
      ['/api/repos/lz4/lz4/releases/tags/v1.9.4', 'Bearer t0k'],
      ['/api/repos/lz4/lz4/releases/assets/1', 'Bearer t0k'],
    ]);
  });

  it('a digest that does not match, or a release without the asset: the proposal stops, nothing written anywhere', async () => {
    const r = await repos('http://placeholder');
    const state: { digest?: string | null; assets?: string[] } = { digest: `sha256:${'0'.repeat(64)}` };
    const gh = await githubStub(r.asset, state);
    const spec = join(r.sourceGit, '.distro', 'lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('http://placeholder', gh.url));
    git(r.sourceGit, 'commit', '-q', '-am', 'stub host');
    const before = [fingerprint(r.sourceGit), fingerprint(r.distGit)];
    const propose = () => proposeDownstream({ log: createMemoryLogger() }, {
      sourceGitDir: r.sourceGit, distGitDir: r.distGit, tag: 'v1.9.4', lookaside: createLocalLookaside(r.store), packager, date: new Date(),
      downloadSource0: createSourceDownloader({ webBaseUrl: gh.url, apiBaseUrl: `${gh.url}/api`, token: 't0k' }),
    });
    const bad = await rejectionOf(propose());
    expect(bad.code).toBe('hash-mismatch');
    expect(bad.message).toBe(`${gh.url}/lz4/lz4/releases/download/v1.9.4/lz4-1.9.4.tar.gz has sha256 ${sha256(r.asset)}, but the release says its digest is sha256:${'0'.repeat(64)}`);
    state.assets = ['lz4-1.9.4.zip'];
    const none = await rejectionOf(propose());
    expect(none.code).toBe('lookaside-missing');
    expect(none.message).toBe(`the release v1.9.4 of lz4/lz4 has no asset lz4-1.9.4.tar.gz (Source0 is ${gh.url}/lz4/lz4/releases/download/v1.9.4/lz4-1.9.4.tar.gz)`);
    expect([fingerprint(r.sourceGit), fingerprint(r.distGit)]).toEqual(before);
    expect(readdirSync(r.store)).toEqual([]);
  });

  it('no digest published: used, and the note says it was not verified; a Source0 elsewhere is made with git archive', async () => {
    const r = await repos('http://placeholder');
    const gh = await githubStub(r.asset, { digest: null });
    const spec = join(r.sourceGit, '.distro', 'lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('http://placeholder', gh.url));
    git(r.sourceGit, 'commit', '-q', '-am', 'stub host');
    const downloader = createSourceDownloader({ webBaseUrl: gh.url, apiBaseUrl: `${gh.url}/api` });
    const res = await proposeDownstream({ log: createMemoryLogger() }, { sourceGitDir: r.sourceGit, distGitDir: r.distGit, tag: 'v1.9.4', lookaside: createLocalLookaside(r.store), packager, date: new Date(), downloadSource0: downloader });
    expect(res.tarball.hash).toBe(sha256(r.asset));
    expect(res.notes.some((n) => n.endsWith('no digest published, not verified against upstream) instead of git archive'))).toBe(true);
    expect(gh.seen.every((s) => s.headers.authorization === undefined)).toBe(true);
    expect(await downloader('https://example.org/lz4-1.9.4.tar.gz', join(r.dir, 'x'), {})).toBeNull();
  });
});
