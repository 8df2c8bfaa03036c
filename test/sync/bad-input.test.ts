import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { cloneUpstream, fingerprint, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

const deps = { log: createMemoryLogger() };

describe('bad input: one clear error, both repos left exactly as they were', () => {
  let dir: string, distGit: string, lookaside: string;
  beforeEach(() => {
    dir = tempDir('bad');
    distGit = makeDistGit(dir, 'lz4');
    lookaside = makeLookaside(dir, 'lz4');
  });
  afterEach(() => removeDirs(dir));

  async function expectInitFails(code: string, sourceGit: string, opts: { fromTarball?: boolean; lookasideDir?: string } = {}) {
    const before = [fingerprint(distGit), existsSync(sourceGit) ? fingerprint(sourceGit) : 'absent'];
    const err = await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, ...opts }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code });
    expect((err as Error).message.length).toBeGreaterThan(10);
    expect([fingerprint(distGit), existsSync(sourceGit) ? fingerprint(sourceGit) : 'absent']).toEqual(before);
    return err as { message: string; next?: string; file?: string; line?: number };
  }

  it('a missing lookaside file', async () => {
    const sg = join(dir, 'sg');
    const err = await expectInitFails('lookaside-missing', sg, { fromTarball: true });
    expect(err.next).toMatch(/--lookaside/);
  });

  it('a lookaside file whose hash does not match', async () => {
    writeFileSync(join(lookaside, 'lz4-1.9.3.tar.gz'), 'not the tarball');
    const sg = join(dir, 'sg');
    await expectInitFails('hash-mismatch', sg, { fromTarball: true, lookasideDir: lookaside });
    expect(existsSync(sg) ? readdirSync(sg) : []).toEqual([]);
  });

  it('a malformed checksum file names the line', async () => {
    writeFileSync(join(distGit, '.lz4.metadata'), 'this is not a checksum line\n');
    git(distGit, 'commit', '-q', '-am', 'break the checksum file');
    const err = await expectInitFails('bad-checksum-file', join(dir, 'sg'), { fromTarball: true, lookasideDir: lookaside });
    expect(err.line).toBe(1);
  });

  it('a patch that does not apply', async () => {
    const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    const p = join(distGit, 'SOURCES/lz4-cve-2021-3520.patch');
    writeFileSync(p, readFileSync(p, 'utf8').replace('-    if (src == NULL) { return -1; }', '-    this line is not in lz4.c'));
    git(distGit, 'commit', '-q', '-am', 'break the patch');
    const err = await expectInitFails('bad-patch', sourceGit, { lookasideDir: lookaside });
    expect(err.message).toContain('lz4-cve-2021-3520.patch');
  });

  it('a %patch line naming a patch number without a tag', async () => {
    const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    const spec = join(distGit, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('%autosetup -p1', '%setup -q\n%patch7 -p1'));
    git(distGit, 'commit', '-q', '-am', 'break the spec');
    const err = await expectInitFails('bad-spec', sourceGit, { lookasideDir: lookaside });
    expect(err.line).toBeGreaterThan(0);
  });

  it('a dirty source-git work tree', async () => {
    const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    appendFileSync(join(sourceGit, 'NEWS'), 'uncommitted\n');
    const err = await expectInitFails('dirty-worktree', sourceGit, { lookasideDir: lookaside });
    expect(err.next).toMatch(/commit|stash/);
  });

  it('a source-git that is not at the upstream ref', async () => {
    const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    git(sourceGit, 'checkout', '-q', 'HEAD~1');
    const err = await expectInitFails('usage', sourceGit, { lookasideDir: lookaside });
    expect(err.next).toContain('checkout v1.9.3');
  });

  describe('after init', () => {
    let sourceGit: string;
    beforeEach(async () => {
      sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
      await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    });

    async function expectUpdateFails(code: string) {
      const before = [fingerprint(distGit), fingerprint(sourceGit)];
      const err = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'update' }).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code });
      expect([fingerprint(distGit), fingerprint(sourceGit)]).toEqual(before);
      return err as { message: string; next?: string; file?: string; line?: number };
    }

    for (const name of ['../../x.patch', '/etc/passwd.patch', '%(touch pwned).patch', 'a b.patch']) {
      it(`a Patch-name trailer '${name}'`, async () => {
        appendFileSync(join(sourceGit, 'NEWS'), 'x\n');
        git(sourceGit, 'commit', '-q', '-am', `hostile\n\nPatch-name: ${name}`);
        await expectUpdateFails('bad-trailer');
      });
    }

    it('a dirty dist-git work tree', async () => {
      appendFileSync(join(sourceGit, 'NEWS'), 'x\n');
      git(sourceGit, 'commit', '-q', '-am', 'change');
      writeFileSync(join(distGit, 'stray.txt'), 'untracked\n');
      const err = await expectUpdateFails('dirty-worktree');
      expect(err.next).toMatch(/stash|commit/);
    });

    it('a malformed source-git.yaml names the file and line', async () => {
      writeFileSync(join(sourceGit, '.distro/source-git.yaml'), 'upstream_ref: v1.9.3\nspecfile_path: [not, a, string]\n');
      git(sourceGit, 'commit', '-q', '-am', 'break config');
      const err = await expectUpdateFails('bad-config');
      expect(err.file).toBe('.distro/source-git.yaml');
      expect(err.line).toBe(2);
    });

    it('a commit whose message carries %(…) and a Patch-status with %( is written inertly', async () => {
      appendFileSync(join(sourceGit, 'NEWS'), 'x\n');
      git(sourceGit, 'commit', '-q', '-am', 'Subject %(touch /tmp/distsync-pwned)\n\nPatch-status: %(touch /tmp/distsync-pwned)');
      const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit });
      expect(res.added).toHaveLength(1);
      const spec = readFileSync(join(distGit, 'SPECS/lz4.spec'), 'utf8');
      expect(spec).toContain('# %%(touch /tmp/distsync-pwned)');
      expect(spec).not.toMatch(/[^%]%\(touch/);
      expect(existsSync('/tmp/distsync-pwned')).toBe(false);
    });
  });

  it('a source-git dir that is not empty with --from-tarball', async () => {
    const sg = join(dir, 'sg');
    mkdirSync(sg);
    writeFileSync(join(sg, 'keep.txt'), 'mine');
    await expectInitFails('usage', sg, { fromTarball: true, lookasideDir: lookaside });
    expect(readFileSync(join(sg, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
