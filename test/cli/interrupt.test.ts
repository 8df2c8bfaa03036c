import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { childEnv, leftovers, repoState, spawnCli } from '../helpers/repo-state.js';
import { rng } from '../scale/scale-harness.js';

/**
 * SIGINT / SIGTERM at random (seeded, printed) moments while the real CLI,
 * a child process, runs `init` and `update-dist-git -m` on zlib (22
 * patches). Each time: the repositories are exactly as before (refs, index,
 * work tree, worktree list, nothing new in .git) — or, when the signal came
 * after the change landed, exactly as a complete run leaves them — and the
 * child's TMPDIR is empty. DISTSYNC_TEST_SEED=<n> replays a run.
 */
const SEED = Number(process.env.DISTSYNC_TEST_SEED ?? 20261203);
const MOMENTS_PER_COMMAND = 10;

describe('interrupts leave both repos as they were and no temp dir behind (zlib, real CLI process)', () => {
  const rand = rng(SEED);
  let dir: string, distGit: string, sourceGit: string, upstream: string, tmp: string, env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    console.log(`interrupt test seed: ${SEED} (replay with DISTSYNC_TEST_SEED=${SEED})`);
    dir = tempDir('interrupt');
    distGit = makeDistGit(dir, 'zlib');
    makeLookaside(dir, 'zlib');
    upstream = cloneUpstream(dir, 'zlib', 'v1.2.11');
    sourceGit = join(dir, 'sg');
    await initSourceGit({ log: createMemoryLogger() }, { upstreamRef: 'v1.2.11', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: join(dir, 'lookaside'), fromTarball: true });
    appendFileSync(join(sourceGit, 'README'), '\ndownstream note\n');
    git(sourceGit, 'commit', '-q', '-am', 'README: downstream note');
    tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const home = join(dir, 'home');
    mkdirSync(home);
    env = childEnv(tmp, home);
  }, 120_000);
  afterAll(() => removeDirs(dir));

  interface Scenario {
    name: string;
    args: () => string[];
    /** Repos the command may change; every other one must never change. */
    written: () => string[];
    /** Put the written repos back after a run that completed. */
    reset: () => void;
  }

  const scenarios: Scenario[] = [
    {
      name: 'init --from-tarball (relative paths, into an empty dir)',
      args: () => ['source-git', 'init', '--from-tarball', '--lookaside', 'lookaside', 'v1.2.11', 'fresh-sg', 'dist-git'],
      written: () => [join(dir, 'fresh-sg')],
      reset: () => {
        rmSync(join(dir, 'fresh-sg'), { recursive: true, force: true });
        mkdirSync(join(dir, 'fresh-sg'));
      },
    },
    {
      name: 'init from an upstream checkout (a temporary worktree of it)',
      args: () => ['source-git', 'init', '--lookaside', 'lookaside', 'v1.2.11', 'source-git', 'dist-git'],
      written: () => [upstream],
      reset: () => {
        git(upstream, 'reset', '-q', '--hard', 'v1.2.11');
        git(upstream, 'reflog', 'expire', '--expire=now', '--all');
        rmSync(join(upstream, '.git/ORIG_HEAD'), { force: true });
      },
    },
    {
      name: 'update-dist-git -m',
      args: () => ['source-git', 'update-dist-git', '-m', 'Update from source-git', 'sg', 'dist-git'],
      written: () => [distGit],
      reset: () => {
        git(distGit, 'reset', '-q', '--hard', 'HEAD~1');
        rmSync(join(distGit, '.git/ORIG_HEAD'), { force: true });
      },
    },
  ];

  for (const s of scenarios) {
    const moments = s.name.startsWith('init') ? MOMENTS_PER_COMMAND / 2 : MOMENTS_PER_COMMAND;
    it(`${s.name}: ${moments} interrupts`, async () => {
      if (s.name.startsWith('init --from')) s.reset();
      const all = () => [distGit, sourceGit, upstream, join(dir, 'fresh-sg')];
      const before = all().map(repoState);
      // One complete run: how long the work takes, and what "done" looks like.
      const ref = spawnCli(s.args(), { cwd: dir, env });
      await ref.working;
      const t0 = Date.now();
      const full = await ref.done;
      const duration = Date.now() - t0;
      expect(full.code, full.err).toBe(0);
      const after = all().map(repoState);
      for (const [i, p] of all().entries()) if (!s.written().includes(p)) expect(after[i]).toBe(before[i]);
      expect(leftovers(tmp)).toEqual([]);
      s.reset();
      expect(all().map(repoState)).toEqual(before);

      const outcomes: string[] = [];
      for (let n = 0; n < moments; n++) {
        const delay = Math.round(rand() * duration);
        const sig: NodeJS.Signals = n % 4 === 3 ? 'SIGTERM' : 'SIGINT';
        const group = n % 2 === 0; // like a terminal's Ctrl-C: the whole process group
        const run = spawnCli(s.args(), { cwd: dir, env });
        await run.working;
        await new Promise((r) => setTimeout(r, delay));
        try {
          process.kill(group ? -run.child.pid! : run.child.pid!, sig);
        } catch {
          /* already gone */
        }
        const res = await run.done;
        const what = `${s.name}, moment ${n}: ${sig} to the ${group ? 'process group' : 'process'} ${delay} ms into ${duration} ms (seed ${SEED})`;
        const state = all().map(repoState);
        expect(leftovers(tmp), what).toEqual([]);
        if (res.code === null) {
          // killed by the signal itself while node was exiting (its handlers already gone): whatever the
          // moment, the repos are one whole state, before or after, and nothing is left behind (checked above)
          expect([before, after].some((want) => JSON.stringify(want) === JSON.stringify(state)), `${what}: a mixed state`).toBe(true);
          outcomes.push(JSON.stringify(state) === JSON.stringify(after) ? 'completed' : 'interrupted');
          if (JSON.stringify(state) === JSON.stringify(after)) s.reset();
        } else if (res.code === 0 || /after the change was made/.test(res.err)) {
          // the signal came after the change landed: it is complete, nothing half done
          expect(state, what).toEqual(after);
          outcomes.push('completed');
          s.reset();
        } else {
          expect(res.code, `${what}\n${res.err.split('\n').filter((l) => !l.startsWith('debug:')).join('\n')}`).toBe(sig === 'SIGINT' ? 130 : 143);
          expect(res.err, what).toMatch(new RegExp(`error: interrupted by ${sig}: nothing was changed`));
          expect(state, what).toEqual(before);
          outcomes.push('interrupted');
        }
      }
      console.log(`${s.name}: ${outcomes.join(', ')}`);
      expect(outcomes.filter((o) => o === 'interrupted').length).toBeGreaterThanOrEqual(Math.ceil(moments / 2));
    }, 240_000);
  }
});
