import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGit, diffBetween, diffsForRange, diffsForRangeRaw, listCommits, type Git } from '../../src/git/index.js';
import { makeHistoryRepo, type HistoryRepo } from './history-fixture.js';
import { sh, tempDirs } from './helpers.js';

const tmp = tempDirs();
let repo: HistoryRepo;
let git: Git;
const EXCLUDE = ['.distro'];

beforeAll(() => {
  repo = makeHistoryRepo(tmp.make('history'));
  git = createGit(repo.dir);
});
afterAll(() => tmp.cleanup());

/** The diff part of `git format-patch` for one commit, through the same wrapper (same -c settings). */
async function formatPatchDiff(sha: string): Promise<string> {
  const res = await git.runBuffer(['format-patch', '--stdout', '--no-renames', `${sha}^!`, '--', ':(top)', ':(exclude).distro']);
  const text = res.stdout.toString('latin1');
  const start = text.search(/^diff --git /m);
  if (start < 0) return '';
  const end = text.lastIndexOf('\n-- \n');
  return Buffer.from(text.slice(start, end + 1), 'latin1').toString('utf8');
}

describe('listCommits', () => {
  it('lists every first-parent commit once, oldest first, with authorship, message and files', async () => {
    const commits = await listCommits(git, `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    const firstParent = sh(repo.dir, 'rev-list', '--first-parent', '--reverse', `${repo.base}..${repo.head}`).trim().split('\n');
    expect(commits.map((c) => c.sha)).toEqual(firstParent);
    const one = commits[0]!;
    expect(one.message).toBe('Patch one\n\nWith a body.\n\nPatch-name: one.patch\n');
    expect(one.author).toEqual({ name: 'Test Packager', email: 'test@example.org', date: '2020-09-13T12:28:20+00:00' });
    expect(one.committer.date).toBe('2020-09-13T12:28:20+00:00');
    expect(one.parents).toEqual([repo.base]);
    expect(one.files).toEqual(['README']);
    const merge = commits.find((c) => c.sha === repo.merge)!;
    expect(merge.parents).toHaveLength(2);
    expect(merge.files).toEqual(['side.c']);
    expect(merge.onlyExcluded).toBe(false);
  });

  it('keeps commits that only touch excluded paths, flagged', async () => {
    const commits = await listCommits(git, `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    const distro = commits.find((c) => c.sha === repo.distroOnly)!;
    expect(distro).toBeDefined();
    expect(distro.files).toEqual([]);
    expect(distro.onlyExcluded).toBe(true);
    const mixed = commits.find((c) => c.sha === repo.mixed)!;
    expect(mixed.files).toEqual(['README']);
    expect(mixed.onlyExcluded).toBe(false);
    expect(commits.find((c) => c.sha === repo.emptyCommit)?.onlyExcluded).toBe(true);
    const all = await listCommits(git, `${repo.base}..${repo.head}`);
    expect(all.find((c) => c.sha === repo.mixed)!.files).toEqual(['.distro/pkg.spec', 'README']);
    expect(all.find((c) => c.sha === repo.head)!.files).toEqual(['ünïcode name.txt']);
  });

  it('lists a root commit with all its files', async () => {
    const commits = await listCommits(git, repo.base);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.files.sort()).toEqual(['README', 'gone.txt', 'old-name.c', 'script.sh']);
  });

  it('uses one git call', async () => {
    const lines: string[] = [];
    await listCommits(createGit(repo.dir, { log: { debug: (m) => lines.push(m) } }), `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    expect(lines).toHaveLength(1);
  });
});

describe('diffsForRange', () => {
  it('gives, per commit, exactly the diff git format-patch writes', async () => {
    const diffs = await diffsForRange(git, `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    const commits = await listCommits(git, `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    expect([...diffs.keys()]).toEqual(commits.map((c) => c.sha));
    let compared = 0;
    for (const c of commits) {
      if (c.parents.length > 1) continue;
      expect(diffs.get(c.sha), c.message).toBe(await formatPatchDiff(c.sha));
      compared++;
    }
    expect(compared).toBe(commits.length - 1);
    const all = [...diffs.values()].join('');
    expect(all).toContain('line one\r\n');
    expect(all).toContain('\\ No newline at end of file');
    expect(all).toMatch(/GIT binary patch/);
    expect(all).toMatch(/^index [0-9a-f]{40}\.\.[0-9a-f]{40}/m); // full index for binary files only
    expect(all).toMatch(/^new mode 100755/m);
    expect(all).toMatch(/^deleted file mode/m);
    expect(all).toMatch(/^diff --git a\/ünïcode name.txt/m);
    expect(all).not.toContain('.distro');
  });

  it('gives the merge its diff against the first parent, and empty diffs for .distro-only and empty commits', async () => {
    const diffs = await diffsForRange(git, `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    const expected = await diffBetween(git, `${repo.merge}^1`, repo.merge, { excludePaths: EXCLUDE });
    expect(diffs.get(repo.merge)).toBe(expected);
    expect(expected).toMatch(/^diff --git a\/side.c b\/side.c/);
    expect(diffs.get(repo.distroOnly)).toBe('');
    expect(diffs.get(repo.emptyCommit)).toBe('');
    expect(diffs.get(repo.mixed)).toMatch(/^diff --git a\/README b\/README\n/);
  });

  it('keeps bytes exactly in the raw variant and uses one git call', async () => {
    const lines: string[] = [];
    const counted = createGit(repo.dir, { log: { debug: (m) => lines.push(m) } });
    const raw = await diffsForRangeRaw(counted, `${repo.base}..${repo.head}`, { excludePaths: EXCLUDE });
    expect(lines).toHaveLength(1);
    const crlfCommit = sh(repo.dir, 'log', '--format=%H', '--grep=CRLF', '-1').trim();
    expect(raw.get(crlfCommit)!.includes(Buffer.from('+line two\r\n'))).toBe(true);
  });
});

describe('diffBetween', () => {
  it('supports --relative, no prefix and custom prefixes', async () => {
    const d0 = await diffBetween(git, repo.base, repo.head, { excludePaths: EXCLUDE, noPrefix: true });
    expect(d0).toMatch(/^--- README$/m);
    const d2 = await diffBetween(git, repo.base, repo.head, { excludePaths: EXCLUDE, srcPrefix: 'a/x/', dstPrefix: 'b/x/' });
    expect(d2).toMatch(/^\+\+\+ b\/x\/README$/m);
    expect(d2).not.toContain('.distro');
    const rel = await diffBetween(git, repo.base, repo.head, { relative: '.distro' });
    expect(rel).toMatch(/^diff --git a\/pkg.spec b\/pkg.spec$/m);
    expect(rel).not.toContain('README');
  });
});
