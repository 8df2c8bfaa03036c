import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger, type Logger } from '../../src/core/log.js';
import { createRunScope, type RunScope } from '../../src/core/run-scope.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';
import { repoState } from '../helpers/repo-state.js';

/**
 * The interrupt switch thrown before every single git call a use case makes
 * (the k-th call, for every k): each time the use case either fails with
 * `interrupted` and leaves every repository exactly as before, or — when the
 * interrupt fell inside the landing step — completes, leaving the repos as a
 * complete run does. Deterministic: no timing involved.
 */
describe('an interrupt before any git call of a use case', () => {
  let dir: string, distGit: string, sourceGit: string, upstream: string, lookaside: string;
  const dates = { GIT_AUTHOR_DATE: process.env.GIT_AUTHOR_DATE, GIT_COMMITTER_DATE: process.env.GIT_COMMITTER_DATE };
  beforeAll(async () => {
    // fixed dates: a complete run makes the same commits every time (restored in afterAll)
    process.env.GIT_AUTHOR_DATE = process.env.GIT_COMMITTER_DATE = '@1764720000 +0000';
    dir = tempDir('points');
    distGit = makeDistGit(dir, 'lz4');
    lookaside = makeLookaside(dir, 'lz4');
    upstream = cloneUpstream(dir, 'lz4', 'v1.9.3');
    sourceGit = join(dir, 'sg');
    await initSourceGit({ log: createMemoryLogger() }, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: true });
  });
  afterAll(() => {
    removeDirs(dir);
    for (const [k, v] of Object.entries(dates)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  /** A logger that interrupts the scope when the k-th git command is about to run (createGit logs each one first). */
  function interruptingLogger(scope: RunScope, k: number): Logger & { calls: number } {
    const log = {
      calls: 0,
      info: () => undefined,
      warn: () => undefined,
      debug: (m: string) => {
        if (!m.startsWith('git -C ')) return;
        log.calls++;
        if (log.calls === k) scope.interrupt('SIGINT');
      },
    };
    return log;
  }

  /** every: interrupt before each call; else every third call and the last eight (the landing). */
  async function everyPoint(name: string, repos: string[], run: (deps: { log: Logger; scope: RunScope }) => Promise<unknown>, reset: () => void, every = true) {
    const before = repos.map(repoState);
    const counting = interruptingLogger(createRunScope(), 0);
    await run({ log: counting, scope: createRunScope() }).catch((e: unknown) => {
      throw new Error(`${name}: the uninterrupted run failed: ${String(e)}`);
    });
    const total = counting.calls;
    expect(total).toBeGreaterThan(5);
    const after = repos.map(repoState);
    reset();
    expect(repos.map(repoState)).toEqual(before);
    let interrupted = 0;
    const points = [...Array(total).keys()].map((i) => i + 1).filter((k) => every || k % 3 === 0 || k > total - 8);
    for (const k of points) {
      const scope = createRunScope();
      const log = interruptingLogger(scope, k);
      const res = await run({ log, scope }).then(
        () => 'done',
        (e: unknown) => e,
      );
      await scope.cleanupAll(); // what the CLI does before it exits
      const state = repos.map(repoState);
      if (res === 'done') {
        expect(scope.landed, `${name}: interrupt at git call ${k}/${total} did not stop the run before it landed`).toBe(true);
        expect(state, `${name}: call ${k}/${total}`).toEqual(after);
        reset();
      } else {
        // the CLI reports any failure of an interrupted run as the interrupt (a caller may have wrapped the error)
        expect(scope.interruptedBy, `${name}: call ${k}/${total}: ${String(res)}`).toBe('SIGINT');
        expect(state, `${name}: call ${k}/${total}`).toEqual(before);
        interrupted++;
      }
    }
    return { total: points.length, interrupted };
  }

  it('update-dist-git -m', async () => {
    appendFileSync(join(sourceGit, 'NEWS'), '\ndownstream change\n');
    git(sourceGit, 'commit', '-q', '-am', 'NEWS: downstream change');
    const base = git(distGit, 'rev-parse', 'HEAD').trim();
    const { total, interrupted } = await everyPoint(
      'update-dist-git -m',
      [distGit, sourceGit],
      (deps) => updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Update from source-git' }),
      () => git(distGit, 'reset', '-q', '--hard', base),
    );
    expect(interrupted).toBeGreaterThanOrEqual(total - 4); // only the landing's own calls (update-ref, read-tree) complete
  }, 240_000);

  it('update-dist-git without -m (the change is staged in one step at the end)', async () => {
    const { total, interrupted } = await everyPoint(
      'update-dist-git',
      [distGit, sourceGit],
      (deps) => updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit }),
      () => {
        git(distGit, 'reset', '-q', '--hard', 'HEAD');
        git(distGit, 'clean', '-qfd');
      },
      false,
    );
    expect(interrupted).toBeGreaterThanOrEqual(total - 2);
  });

  it('update-source-git (a temporary worktree of source-git, landed by one fast-forward)', async () => {
    // sync dist-git first, then a hand-made dist-git commit to carry back
    await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync' });
    const spec = join(distGit, 'SPECS/lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^(Release:\s*)(\d+)/m, (_, a: string, n: string) => `${a}${Number(n) + 1}`));
    git(distGit, 'commit', '-q', '-am', 'Bump release');
    const base = git(sourceGit, 'rev-parse', 'HEAD').trim();
    const { total, interrupted } = await everyPoint(
      'update-source-git',
      [distGit, sourceGit],
      (deps) => updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit }),
      () => git(sourceGit, 'reset', '-q', '--hard', base),
      false,
    );
    expect(interrupted).toBeGreaterThanOrEqual(total - 4);
  }, 240_000);

  it('init from an upstream checkout', async () => {
    const { total, interrupted } = await everyPoint(
      'init',
      [distGit, upstream],
      (deps) => initSourceGit(deps, { upstreamRef: 'v1.9.3', sourceGitDir: upstream, distGitDir: distGit, lookasideDir: lookaside }),
      () => git(upstream, 'reset', '-q', '--hard', 'v1.9.3'),
      false,
    );
    expect(interrupted).toBeGreaterThanOrEqual(total - 6);
  }, 240_000);
});
