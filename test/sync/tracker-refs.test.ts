import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

const SPEC = '.distro/lz4.spec';

/** A maintainer's RHEL-style work on lz4 (el9): commits carry Resolves:/Related: trailers; syncs carry them to dist-git. */
describe('tracker references from source-git commits into the dist-git commit message and the new %changelog entry', () => {
  const deps = { log: createMemoryLogger() };
  let dir: string, distGit: string, sourceGit: string;
  beforeAll(async () => {
    dir = tempDir('tracker-refs');
    distGit = makeDistGit(dir, 'lz4');
    const lookaside = makeLookaside(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
    await initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
  });
  afterAll(() => removeDirs(dir));

  /** A source-git commit changing NEWS and, when `entry` is given, adding a %changelog entry with a Release bump. */
  function commit(message: string, entry?: { release: number; line: string }): void {
    writeFileSync(join(sourceGit, 'NEWS'), `${readFileSync(join(sourceGit, 'NEWS'), 'utf8')}\n${message.split('\n')[0]}\n`);
    if (entry) {
      const spec = readFileSync(join(sourceGit, SPEC), 'utf8')
        .replace(/^Release:(\s+)\d+/m, `Release:$1${entry.release}`)
        .replace('%changelog\n', `%changelog\n* Tue Dec 01 2026 Pat Packager <pat@example.org> - 1.9.3-${entry.release}\n${entry.line}\n\n`);
      writeFileSync(join(sourceGit, SPEC), spec);
    }
    git(sourceGit, '-c', 'user.name=Pat Packager', '-c', 'user.email=pat@example.org', 'commit', '-q', '-am', message);
  }
  const distMessage = () => git(distGit, 'log', '-1', '--format=%B').trimEnd();
  const distSpec = () => git(distGit, 'show', 'HEAD:SPECS/lz4.spec');

  it('the first sync: Resolves in the commit message and in the new entry', async () => {
    commit('NEWS: note the memmove fix\n\nResolves: RHEL-12736', { release: 6, line: '- Note the memmove fix in NEWS' });
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Sync NEWS note' });
    expect(res.notes).toContain('%changelog: added Resolves: RHEL-12736 to the new entry');
    expect(distMessage()).toBe(`Sync NEWS note\n\nResolves: RHEL-12736\nFrom-source-git-commit: ${git(sourceGit, 'rev-parse', 'HEAD').trim()}`);
    expect(distSpec()).toContain('* Tue Dec 01 2026 Pat Packager <pat@example.org> - 1.9.3-6\n- Note the memmove fix in NEWS\n- Resolves: RHEL-12736\n\n* Mon Aug 09 2021');
    // Syncing again changes nothing: the line dist-git got is kept, not taken for a difference.
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'again' })).changed).toBe(false);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it('the next sync carries only what came since: Related, no new entry, history left alone', async () => {
    commit('NEWS: one more line\n\nRelated: rhbz#1991688');
    const before = distSpec();
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Sync another note' });
    expect(distMessage()).toMatch(/^Sync another note\n\nRelated: rhbz#1991688\nFrom-source-git-commit: [0-9a-f]{40}$/);
    expect(res.notes.filter((n) => n.startsWith('%changelog'))).toEqual([]);
    expect(distSpec().match(/%changelog[\s\S]*/)?.[0]).toBe(before.match(/%changelog[\s\S]*/)?.[0]);
  });

  it('two commits in one sync, an entry that already names one reference: only the missing one is added', async () => {
    commit('NEWS: fix a typo\n\nResolves: RHEL-25452', { release: 7, line: '- Fix a typo in NEWS (RHEL-25452)' });
    commit('NEWS: mention the plan\n\nResolves: JIRA:RHELPLAN-103993\nRelated: RHEL-25452');
    await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Sync two commits' });
    expect(distMessage()).toMatch(/^Sync two commits\n\nResolves: RHEL-25452\nResolves: JIRA:RHELPLAN-103993\nFrom-source-git-commit: /);
    expect(distSpec()).toContain('- 1.9.3-7\n- Fix a typo in NEWS (RHEL-25452)\n- Resolves: JIRA:RHELPLAN-103993\n\n* Tue Dec 01 2026 Pat Packager <pat@example.org> - 1.9.3-6');
  });
});
