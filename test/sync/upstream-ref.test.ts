import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { cloneUpstream, fingerprint, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

/** upstream_ref never moves: init records a tag or a commit, and a branch in an existing config is refused, never used. */
describe('upstream_ref is immutable', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string, lookaside: string;
  const config = () => readFileSync(join(sourceGit, '.distro/source-git.yaml'), 'utf8');
  const init = (upstreamRef: string) => initSourceGit(deps, { upstreamRef, sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });

  beforeEach(() => {
    dir = tempDir('upstream-ref');
    distGit = makeDistGit(dir, 'lz4');
    lookaside = makeLookaside(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3'); // branch main at v1.9.3
  });
  afterEach(() => removeDirs(dir));

  it('init with a branch name records the tag at that commit', async () => {
    const res = await init('main');
    expect(config()).toMatch(/^upstream_ref: v1\.9\.3$/m);
    expect(res.notes.join('\n')).toMatch(/'main' is a branch .*v1\.9\.3/);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it('init with HEAD and no tag there records the full commit id', async () => {
    const sha = git(sourceGit, 'rev-parse', 'HEAD').trim();
    git(sourceGit, 'tag', '-d', 'v1.9.3');
    const res = await init('HEAD');
    expect(config()).toMatch(new RegExp(`^upstream_ref: ${sha}$`, 'm'));
    expect(res.notes.join('\n')).toMatch(/pass a tag/);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it('an existing config naming a branch: status says blocked with the fix, update-dist-git refuses and deletes nothing', async () => {
    await init('v1.9.3');
    writeFileSync(join(sourceGit, '.distro/source-git.yaml'), config().replace(/^upstream_ref: .*$/m, 'upstream_ref: main'));
    git(sourceGit, 'commit', '-q', '-am', 'a moving upstream_ref (as older inits wrote)');
    const s = await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(s.state).toBe('blocked');
    expect(s.problems[0]?.message).toMatch(/upstream_ref 'main' .* is a branch/);
    expect(s.next).toEqual([expect.stringContaining("set 'upstream_ref: v1.9.3'")]);
    const before = fingerprint(distGit);
    await expect(updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'x' })).rejects.toMatchObject({ code: 'bad-config' });
    expect(fingerprint(distGit)).toBe(before);
  });
});
