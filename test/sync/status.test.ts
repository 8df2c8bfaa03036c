import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

process.env['FILTER_BRANCH_SQUELCH_WARNING'] = '1'; // git filter-branch otherwise waits 10 s

describe('status: content decides, trailers tell which side moved', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string;
  const st = () => syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
  const bumpRelease = () => {
    const spec = join(distGit, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('Release:        5%{?dist}', 'Release:        6%{?dist}'));
    git(distGit, 'commit', '-q', '-am', 'Rebuilt for a mass rebuild');
  };

  beforeEach(async () => {
    dir = tempDir('status');
    distGit = makeDistGit(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: makeLookaside(dir, 'lz4') });
  });
  afterEach(() => removeDirs(dir));

  it('both moved → diverged, carry back first, then update dist-git', async () => {
    bumpRelease();
    appendFileSync(join(sourceGit, 'NEWS'), 'x\n');
    git(sourceGit, 'commit', '-q', '-am', 'downstream change');
    const s = await st();
    expect(s.state).toBe('diverged');
    expect(s.handCommits.map((c) => c.subject)).toEqual(['Rebuilt for a mass rebuild']);
    expect(s.next).toEqual([
      `distsync source-git update-source-git ${distGit} ${sourceGit}`,
      `distsync source-git update-dist-git ${sourceGit} ${distGit}`,
    ]);
  });

  it('no sync trailers anywhere: content finds the sync point, so a hand commit on top is behind', async () => {
    // a source-git made by another tool: rewrite history without distsync's trailers
    git(sourceGit, 'filter-branch', '-f', '--msg-filter', "sed '/^From-dist-git-commit:/d'", 'v1.9.3..HEAD');
    const imported = git(distGit, 'rev-parse', 'HEAD').trim();
    bumpRelease();
    const s = await st();
    expect(s.syncPoint).toBe(imported);
    expect(s.syncPointDetail?.how).toBe('content');
    expect(s.state).toBe('behind');
    expect(s.handCommits.map((c) => c.subject)).toEqual(['Rebuilt for a mass rebuild']);
  });

  it('no trailers and no dist-git commit holding what source-git makes → differs, with both commands', async () => {
    git(sourceGit, 'filter-branch', '-f', '--msg-filter', "sed '/^From-dist-git-commit:/d'", 'v1.9.3..HEAD');
    const spec = join(distGit, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('Release:        5%{?dist}', 'Release:        6%{?dist}'));
    git(distGit, 'commit', '-q', '--amend', '-am', 'import, already rebuilt');
    const s = await st();
    expect(s.syncPoint).toBeNull();
    expect(s.state).toBe('differs');
    expect(s.pendingFiles).toEqual(['SPECS/lz4.spec']);
    expect(s.next.join('\n')).toMatch(/update-source-git .* <from>\.\.<to>/);
    expect(s.next.join('\n')).toMatch(/update-dist-git/);
  });

  it('no trailers but the same content → in sync (a mass rebuild done on both sides)', async () => {
    git(sourceGit, 'filter-branch', '-f', '--msg-filter', "sed '/^From-dist-git-commit:/d'", 'v1.9.3..HEAD');
    expect((await st()).state).toBe('in-sync');
  });
});
