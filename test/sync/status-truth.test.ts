import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { cloneUpstream, fingerprint, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

/** status tells the truth about dist-git patches edited by hand, on lz4 (el9, %autosetup -p1). */
describe('status: broken patches are reported with the file and the fix', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string;
  const NEW = 'SOURCES/0002-NEWS-a-downstream-note.patch';
  const st = () => syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit });

  beforeEach(async () => {
    dir = tempDir('status-truth');
    distGit = makeDistGit(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: makeLookaside(dir, 'lz4') });
    appendFileSync(join(sourceGit, 'NEWS'), 'downstream: first note\ndownstream: second note\n');
    git(sourceGit, 'commit', '-q', '-am', 'NEWS: a downstream note');
    await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Add a downstream note' });
  });
  afterEach(() => removeDirs(dir));

  it('a patch whose context was edited by hand no longer applies: reported, not in-sync', async () => {
    const p = join(distGit, NEW);
    const text = readFileSync(p, 'utf8');
    const context = /^ (.+)$/m.exec(text)![1]!;
    writeFileSync(p, text.replace(` ${context}\n`, ` ${context} (edited)\n`));
    git(distGit, 'commit', '-q', '-am', 'edit the note patch by hand');
    const s = await st();
    expect(s.state).not.toBe('in-sync');
    expect(s.problems).toEqual([expect.objectContaining({ file: NEW, message: expect.stringMatching(/no longer applies/) })]);
    expect(s.next[0]).toContain(NEW);
  });

  it('a patch saved with CRLF: reported with the fix; update-source-git never makes an empty commit of it', async () => {
    const p = join(distGit, NEW);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/\n/g, '\r\n'));
    git(distGit, 'commit', '-q', '-am', 'saved on Windows');
    const s = await st();
    expect(s.problems).toEqual([expect.objectContaining({ file: NEW, message: expect.stringMatching(/CRLF/) })]);
    expect(s.next[0]).toMatch(/sed -i 's\/\\r\$\/\/'/);
    const before = fingerprint(sourceGit);
    // rpm's GNU patch strips the CRs: the same change, so nothing to carry back, and never an empty commit
    const carried = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(carried.commits).toEqual([]);
    expect(fingerprint(sourceGit)).toBe(before);
  });

  it('a patch distsync made, edited by hand, carried back: status and update-dist-git work (no "two patches would be named")', async () => {
    const p = join(distGit, NEW);
    const text = readFileSync(p, 'utf8');
    writeFileSync(p, text.replace('+downstream: second note\n', '+downstream: second note\n+downstream: a packager line\n').replace(/@@ -(\d+),(\d+) \+(\d+),(\d+) @@/, (_m, a, b, c, d) => `@@ -${a},${b} +${c},${Number(d) + 1} @@`));
    git(distGit, 'commit', '-q', '-am', 'note patch: one more line');
    const dgBytes = readFileSync(p);
    expect((await st()).state).toBe('behind');
    const carried = await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    expect(carried.commits).toHaveLength(1);
    expect(readFileSync(join(sourceGit, 'NEWS'), 'utf8')).toContain('downstream: a packager line');
    const s = await st();
    expect(s.problems).toEqual([]);
    expect(s.state).toBe('in-sync');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
    expect(res.changed).toBe(false);
    expect(res.kept).toContain('0002-NEWS-a-downstream-note.patch');
    expect(readFileSync(p).equals(dgBytes)).toBe(true);
  });
});
