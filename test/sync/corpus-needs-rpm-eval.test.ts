import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { removeDirs, status, tempDir } from '../helpers/corpus.js';
import { inSharedCorpus, makeSharedPackage, NOT_IN_SHARED } from '../helpers/shared-corpus.js';

/**
 * Issue 10 class 6 on a real package: el9 libnvme names its Source0 through
 * `%{shrink:%(echo '%{version}' | tr '~' '-')}`. Without `--eval-with-rpm`
 * distsync never runs a spec's code, so init must refuse before writing
 * anything, naming the tag, the %(…) it would need and the flag. With the
 * sandbox it runs the whole corpus test (corpus-every-package.test.ts,
 * `rpmEval: true`). libnvme is fetched content, no longer in the repo: this
 * runs once the steering team adds it to shared/corpus (see
 * fixtures/corpus-el9/README.md); eval-with-rpm-source-name.test.ts proves the
 * same on a package we wrote.
 */
const ABSENT = !inSharedCorpus('libnvme');

describe.skipIf(ABSENT)(`real libnvme (el9): a Source0 name computed by %(…)${ABSENT ? ` — skipped, ${NOT_IN_SHARED}` : ''}`, () => {
  let dir = '';
  afterAll(() => removeDirs(dir));

  it('without --eval-with-rpm: init refuses, naming Source0, the %(…) and the flag, and leaves no source-git behind', async () => {
    dir = tempDir('libnvme-eval');
    const pkg = makeSharedPackage(dir, 'libnvme');
    const sourceGit = join(dir, 'source-git');
    const err = await initSourceGit(
      { log: createMemoryLogger() },
      { upstreamRef: 'v1.4', sourceGitDir: sourceGit, distGitDir: pkg.distGit, lookasideDir: pkg.lookaside, fromTarball: true, macros: { defines: { dist: '.el9', rhel: '9' } } },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DistsyncError);
    expect((err as DistsyncError).message).toContain('Source0');
    expect((err as DistsyncError).message).toContain("%(echo '%{version}' | tr '~' '-')");
    expect((err as DistsyncError).next).toMatch(/^pass --eval-with-rpm/);
    expect(existsSync(sourceGit) ? readdirSync(sourceGit) : []).toEqual([]);
    expect(status(pkg.distGit)).toBe('');
  });
});
