import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { repoState } from '../helpers/repo-state.js';

/** Path and argument mistakes: one clear usage error (exit 2) before any work, both repos untouched. */
describe('CLI path and argument checks', () => {
  let dir: string, distGit: string, sourceGit: string, upstream: string;
  beforeAll(async () => {
    dir = tempDir('usage');
    distGit = makeDistGit(dir, 'lz4');
    makeLookaside(dir, 'lz4');
    upstream = cloneUpstream(dir, 'lz4', 'v1.9.3');
    sourceGit = join(dir, 'sg');
    await initSourceGit({ log: createMemoryLogger() }, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: join(dir, 'lookaside'), fromTarball: true });
    writeFileSync(join(dir, 'a-file'), 'not a directory\n');
  });
  afterAll(() => removeDirs(dir));

  /** Run in `dir` (relative paths resolve there); every repo must be exactly as before. */
  async function usage(argv: string[]) {
    const repos = [distGit, sourceGit, upstream];
    const before = repos.map(repoState);
    const res = await runCliCaptured(argv, { cwd: dir });
    expect(repos.map(repoState)).toEqual(before);
    expect(res.code, res.err).toBe(2);
    return res.err;
  }

  it('init --from-tarball with relative paths (mkdir sg2; … sg2 dist-git) makes sg2/.git, not sg2/sg2/.git', async () => {
    mkdirSync(join(dir, 'sg2'));
    const res = await runCliCaptured(['source-git', 'init', '--from-tarball', '--lookaside', 'lookaside', 'v1.9.3', 'sg2', 'dist-git'], { cwd: dir });
    expect(res.code, res.err).toBe(0);
    expect(existsSync(join(dir, 'sg2/.git'))).toBe(true);
    expect(existsSync(join(dir, 'sg2/sg2'))).toBe(false);
    expect(git(join(dir, 'sg2'), 'status', '--porcelain')).toBe('');
    expect(res.out).toContain(`next: distsync source-git status ${join(dir, 'sg2')} ${distGit}`);
    // and relative paths work for the other commands too
    const st = await runCliCaptured(['--json', 'source-git', 'status', 'sg2', './dist-git'], { cwd: dir });
    expect(JSON.parse(st.out)).toMatchObject({ state: 'in-sync' });
  });

  it('a source-git path that is a file', async () => {
    expect(await usage(['source-git', 'init', '--from-tarball', '--lookaside', 'lookaside', 'v1.9.3', 'a-file', 'dist-git'])).toBe(
      'error: a-file is a file, not a directory: <source-git> must be a directory (empty, or not there yet)\n  next: pass the source-git directory (it is created when missing)\n',
    );
    expect(await usage(['source-git', 'update-dist-git', 'a-file', 'dist-git'])).toBe(
      'error: a-file is a file, not a directory: <source-git> must be a git checkout\n  next: pass the source-git directory\n',
    );
  });

  it('a dist-git path that is a file', async () => {
    expect(await usage(['source-git', 'status', 'sg', 'a-file'])).toBe('error: a-file is a file, not a directory: <dist-git> must be a git checkout\n  next: pass the dist-git directory\n');
  });

  it('a missing directory', async () => {
    expect(await usage(['source-git', 'update-dist-git', 'sg', 'no-such-dir'])).toBe(
      'error: no-such-dir: no such directory (the dist-git checkout)\n  next: clone the dist-git first: git clone <dist-git-url> no-such-dir\n',
    );
    expect(await usage(['verify', 'nope', 'dist-git'])).toBe(
      'error: nope: no such directory (the source-git checkout)\n  next: create the source-git first: distsync source-git init <upstream-ref> nope <dist-git>\n',
    );
    expect(await usage(['source-git', 'init', '--from-tarball', 'v1.9.3', 'missing/deeper/sg', 'dist-git'])).toBe(
      `error: missing/deeper/sg: the directory that would hold it (${join(dir, 'missing/deeper')}) does not exist\n  next: mkdir -p ${join(dir, 'missing/deeper')}, then re-run\n`,
    );
  });

  it('swapped arguments: the message says so and gives the right command line', async () => {
    expect(await usage(['source-git', 'update-dist-git', '-m', 'msg', 'dist-git', 'sg'])).toBe(
      'error: the repository arguments are swapped: dist-git is a dist-git (it has SPECS/lz4.spec) and sg is a source-git (it has .distro/source-git.yaml)\n' +
        '  next: distsync source-git update-dist-git -m msg sg dist-git\n',
    );
    // update-source-git takes <dist-git> <source-git>: given in update-dist-git's order
    expect(await usage(['source-git', 'update-source-git', 'sg', 'dist-git'])).toBe(
      'error: the repository arguments are swapped: dist-git is a dist-git (it has SPECS/lz4.spec) and sg is a source-git (it has .distro/source-git.yaml)\n' +
        '  next: distsync source-git update-source-git dist-git sg\n',
    );
    expect(await usage(['source-git', 'init', '--lookaside', 'lookaside', 'v1.9.3', 'dist-git', 'source-git'])).toBe(
      'error: the repository arguments are swapped: dist-git is a dist-git (it has SPECS/lz4.spec) and source-git has no spec file\n' +
        '  next: distsync source-git init --lookaside lookaside v1.9.3 source-git dist-git\n',
    );
    expect(await usage(['propose-downstream', '--lookaside', 'lookaside', 'dist-git', 'sg'])).toContain('next: distsync propose-downstream --lookaside lookaside sg dist-git\n');
  });

  it('a source-git where the dist-git belongs', async () => {
    expect(await usage(['source-git', 'status', 'sg', 'sg2'])).toBe(
      'error: sg2 is a source-git repository (it has .distro/source-git.yaml), but a dist-git checkout is expected there\n' +
        '  next: pass the dist-git checkout (the one with the spec file) as <dist-git>; the source-git goes in the <source-git> place\n',
    );
  });

  it('--wait that is not a number', async () => {
    expect(await usage(['--wait', 'soon', 'source-git', 'status', 'sg', 'dist-git'])).toBe('error: --wait soon is not a number of seconds\n  next: e.g. --wait 30\n');
  });

  it('nothing is created by a refused init', () => {
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'dist-git', 'lookaside', 'sg', 'sg2', 'source-git']);
  });
});
