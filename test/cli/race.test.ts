import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';
import { childEnv, leftovers, spawnCli } from '../helpers/repo-state.js';

/** Two real CLI processes on one dist-git at once: one wins, the other says why; never a mixed tree. */
describe('two runs on the same dist-git at once', () => {
  let dir: string, distGit: string, sgA: string, sgB: string, tmp: string, env: NodeJS.ProcessEnv, base: string;

  beforeAll(async () => {
    dir = tempDir('race');
    distGit = makeDistGit(dir, 'lz4');
    makeLookaside(dir, 'lz4');
    sgA = join(dir, 'sg-a');
    await initSourceGit({ log: createMemoryLogger() }, { upstreamRef: 'v1.9.3', sourceGitDir: sgA, distGitDir: distGit, lookasideDir: join(dir, 'lookaside'), fromTarball: true });
    sgB = join(dir, 'sg-b');
    git(dir, 'clone', '-q', sgA, sgB);
    appendFileSync(join(sgA, 'NEWS'), '\nchange A\n');
    git(sgA, 'commit', '-q', '-am', 'NEWS: change A');
    appendFileSync(join(sgB, 'README.md'), '\nchange B\n');
    git(sgB, 'commit', '-q', '-am', 'README: change B');
    base = git(distGit, 'rev-parse', 'HEAD').trim();
    tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    mkdirSync(join(dir, 'home'));
    env = childEnv(tmp, join(dir, 'home'));
  });
  afterAll(() => removeDirs(dir));

  const lockMessage = /^error: dist-git \(.*\) is locked by another distsync run: pid (\d+) on .*, `distsync -v source-git update-dist-git .*`, since \d{4}-\d\d-\d\dT[\d:.]+Z\n {2}next: wait for that run to finish, then re-run \(or pass --wait SECONDS\); if pid \d+ no longer runs on .*, remove .*\/\.git\/distsync\.lock$/m;
  const reset = () => {
    git(distGit, 'reset', '-q', '--hard', base);
    git(distGit, 'clean', '-qfdx');
  };

  it('the second run, started while the first holds the lock, refuses naming the first (pid, command, since)', async () => {
    const first = spawnCli(['source-git', 'update-dist-git', '-m', 'from A', 'sg-a', 'dist-git'], { cwd: dir, env });
    // hold the first run right after it took the lock (its first look at the dist-git work tree), then start the second
    await waitFor(() => /git -C \S+dist-git status/.test(first.stderr()));
    process.kill(first.child.pid!, 'SIGSTOP');
    try {
      const second = await spawnCli(['source-git', 'update-dist-git', '-m', 'from B', 'sg-b', 'dist-git'], { cwd: dir, env }).done;
      expect(second.code).toBe(1);
      expect(second.err).toMatch(lockMessage);
      expect(lockMessage.exec(second.err)![1]).toBe(String(first.child.pid));
      expect(second.err).not.toMatch(/git commit failed|exit code 1/);
    } finally {
      process.kill(first.child.pid!, 'SIGCONT');
    }
    const one = await first.done;
    expect(one.code, one.err).toBe(0);
    expect(git(distGit, 'log', '--format=%s', `${base}..HEAD`)).toBe('from A\n');
    expect(status(distGit)).toBe('');
    expect(git(distGit, 'ls-files', 'SOURCES/*.patch')).not.toMatch(/change-B/);
    expect(leftovers(tmp)).toEqual([]);
    reset();
  });

  it('--wait: the second run waits for the first and then does its own work', async () => {
    const first = spawnCli(['source-git', 'update-dist-git', '-m', 'from A', 'sg-a', 'dist-git'], { cwd: dir, env });
    await waitFor(() => /git -C \S+dist-git status/.test(first.stderr()));
    process.kill(first.child.pid!, 'SIGSTOP');
    const second = spawnCli(['--wait', '60', 'source-git', 'update-dist-git', '-m', 'from A again', 'sg-a', 'dist-git'], { cwd: dir, env });
    // its last git call before the lock: opening dist-git (the same rev-parse also names the git dir the lock is in)
    await waitFor(() => /git -C \S+dist-git rev-parse --show-toplevel --absolute-git-dir/.test(second.stderr()));
    await new Promise((r) => setTimeout(r, 500)); // it found the lock taken and waits
    expect(second.child.exitCode).toBe(null);
    process.kill(first.child.pid!, 'SIGCONT');
    const [one, two] = await Promise.all([first.done, second.done]);
    expect(one.code, one.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    expect(two.out).toContain('dist-git is up to date');
    expect(git(distGit, 'log', '--format=%s', `${base}..HEAD`)).toBe('from A\n');
    reset();
  });

  for (const round of [1, 2, 3]) {
    it(`started together (round ${round}), with -m: exactly one commit, the other refused or up to date`, async () => {
      const [a, b] = await Promise.all([
        spawnCli(['source-git', 'update-dist-git', '-m', 'from A', 'sg-a', 'dist-git'], { cwd: dir, env }).done,
        spawnCli(['source-git', 'update-dist-git', '-m', 'from A, again', 'sg-a', 'dist-git'], { cwd: dir, env }).done,
      ]);
      const results = [a, b];
      const won = results.filter((r) => r.code === 0 && /changed 2 file\(s\) in dist-git, commit/.test(r.out));
      expect(won, results.map((r) => r.err).join('\n----\n')).toHaveLength(1);
      const other = results.find((r) => r !== won[0])!;
      if (other.code === 0) expect(other.out).toContain('dist-git is up to date');
      else expect(other.err).toMatch(lockMessage);
      expect(git(distGit, 'rev-list', '--count', `${base}..HEAD`).trim()).toBe('1');
      expect(status(distGit)).toBe('');
      expect(leftovers(tmp)).toEqual([]);
      reset();
    });
  }

  it('two different source-gits without -m at once: one change is staged whole, the other is refused; never a mixed tree', async () => {
    const [a, b] = await Promise.all([
      spawnCli(['source-git', 'update-dist-git', 'sg-a', 'dist-git'], { cwd: dir, env }).done,
      spawnCli(['source-git', 'update-dist-git', 'sg-b', 'dist-git'], { cwd: dir, env }).done,
    ]);
    const won = [a, b].filter((r) => r.code === 0);
    expect(won, `${a.err}\n----\n${b.err}`).toHaveLength(1);
    const lost = a.code === 0 ? b : a;
    expect(lost.code).toBe(1);
    // refused by the lock, or (when it came second) because the first run's change is staged
    expect(lost.err).toMatch(new RegExp(`${lockMessage.source}|^error: dist-git \\(.*\\) has uncommitted changes: `, 'm'));
    const winner = a.code === 0 ? 'A' : 'B';
    const staged = git(distGit, 'diff', '--cached', '--name-only').trim().split('\n');
    expect(staged).toEqual(['SOURCES/0002-NEWS-change-A.patch', 'SPECS/lz4.spec'].map((p) => (winner === 'A' ? p : p.replace('NEWS-change-A', 'README-change-B'))));
    expect(git(distGit, 'diff', '--cached')).not.toMatch(winner === 'A' ? /change B/ : /change A/);
    expect(git(distGit, 'status', '--porcelain', '--untracked-files=all').split('\n').filter((l) => l && !l.startsWith('A ') && !l.startsWith('M '))).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);
    reset();
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error('timed out waiting for the child');
}
