/**
 * 100 PR → merge cycles (BENCH_CYCLES) through the real App on the fake GitHub, on a synthetic
 * 50-patch package (BENCH_PATCHES): each cycle a contributor pushes a one-commit branch and opens
 * a PR, the App syncs it into a dist-git PR, a CI App passes it, `/distsync merge` merges both
 * (default methods: merge commit in source-git, rebase in dist-git). Wall time per cycle and the
 * process's CPU including its git children (/proc/self/stat cutime+cstime); does a cycle get
 * slower as history grows? Run: npm run bench:lifecycle. Raw results: bench/lifecycle-results.json
 * (bench/lifecycle-fixed-results.json with BENCH_FIXED_PATCHES=1).
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMemoryLogger } from '../src/core/log.js';
import { distBranchFor } from '../src/app/app-deps.js';
import { updateDistGit } from '../src/sync/update-dist-git.js';
import { removeDirs, tempDir } from '../test/helpers/corpus.js';
import { DIST, SOURCE, appSettings, editSettings, startAppOnFake } from '../test/lifecycle/lifecycle-harness.js';
import { buildSyntheticPair, git } from './synthetic-repos.js';

const CYCLES = Number(process.env['BENCH_CYCLES'] ?? 100);
const PATCHES = Number(process.env['BENCH_PATCHES'] ?? 50);
/**
 * BENCH_FIXED_PATCHES=1: each PR changes a file under .distro/ (synced to dist-git as a file, not a patch)
 * instead of adding a source file, so history grows while the patch count stays at BENCH_PATCHES.
 */
const FIXED = process.env['BENCH_FIXED_PATCHES'] === '1';
/** BENCH_PROFILE=3,98: a V8 CPU profile of the node process during those cycles (0-based), written to $TMPDIR/lifecycle[-fixed]-cycle-N.cpuprofile. */
const PROFILE = new Set((process.env['BENCH_PROFILE'] ?? '').split(',').filter((x) => x !== '').map(Number));

/** CPU seconds of this process (node: the App, the fake GitHub, the bench) and of its waited-for children (git), from /proc. */
function cpuSplit(): { own: number; children: number } {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = (ix: number[]) => ix.reduce((n, i) => n + Number(fields[i]), 0) / 100;
  return { own: ticks([11, 12]), children: ticks([13, 14]) }; // utime stime | cutime cstime
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = tempDir('bench-lifecycle');
  const { sourceGit, distGit } = buildSyntheticPair(dir, PATCHES, 'autosetup');
  mkdirSync(join(sourceGit, '.distro'), { recursive: true });
  editSettings(sourceGit, (doc) => ({ ...doc, ...appSettings() }));
  git(sourceGit, ['add', '-A']);
  git(sourceGit, ['commit', '-q', '-m', 'distsync: configure the App']);
  const first = await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Sync the downstream patches' });
  console.log(`dist-git starts with ${first.added.length} patches`);
  const lookaside = join(dir, 'lookaside');
  mkdirSync(lookaside);
  const lc = await startAppOnFake(dir, { sourceGit, distGit, lookaside });
  const alice = lc.fake.as('alice');
  const work = join(dir, 'work');
  await alice.git(dir, 'clone', '-q', `${lc.fake.url}/${SOURCE}.git`, work);
  const cycles: { ms: number; cpu: number; own: number; rssMb: number }[] = [];
  try {
    for (let i = 0; i < CYCLES; i += 1) {
      if (process.env['GITSHIM_LOG']) appendFileSync(process.env['GITSHIM_LOG'], `CYCLE ${i}\n`);
      const session = PROFILE.has(i) ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const t0 = performance.now();
      const c0 = cpuSplit();
      await alice.git(work, 'fetch', '-q', 'origin');
      await alice.git(work, 'checkout', '-q', '-B', `cycle-${i}`, 'origin/main');
      if (FIXED) writeFileSync(join(work, '.distro/cycle.txt'), `cycle ${i}\n`);
      else writeFileSync(join(work, `src/cycle${i}.c`), `int cycle${i}(void) { return ${i}; }\n`);
      await alice.git(work, 'add', '-A');
      await alice.git(work, 'commit', '-q', '-m', `Add cycle ${i}`);
      await alice.git(work, 'push', '-q', 'origin', `cycle-${i}`);
      const pr = alice.openPull(SOURCE, { title: `Cycle ${i}`, head: `cycle-${i}`, base: 'main' });
      await lc.settle();
      const distPr = lc.fake.state.pulls.find((p) => p.repo === DIST && p.headRef === distBranchFor(SOURCE, pr.number));
      if (!distPr) throw new Error(`cycle ${i}: no dist-git PR; last log lines:\n${lc.log.lines.slice(-5).join('\n')}`);
      lc.fake.as('ci[bot]').checkRun(DIST, distPr.headSha, 'rpm-build', 'success');
      await lc.settle();
      alice.comment(SOURCE, pr.number, '/distsync merge');
      await lc.settle();
      if (!pr.merged || !distPr.merged) throw new Error(`cycle ${i}: not merged (${lc.fake.state.comments.at(-1)?.body ?? ''})`);
      const c1 = cpuSplit();
      cycles.push({ ms: performance.now() - t0, cpu: c1.own + c1.children - c0.own - c0.children, own: c1.own - c0.own, rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) });
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(join(tmpdir(), `lifecycle${FIXED ? '-fixed' : ''}-cycle-${i}.cpuprofile`), JSON.stringify(profile));
        session.disconnect();
      }
      // What a deployed App does not hold in its process: its log lines (written out) and GitHub's record of sent
      // deliveries (on GitHub's side). The harness keeps both for tests; kept here they grow the heap every cycle,
      // and the node process's GC and fork/exec costs with it, which is the bench, not the App.
      lc.log.lines.splice(0, Math.max(0, lc.log.lines.length - 50));
      lc.fake.webhooks.delivered.splice(0);
      if (i % 10 === 9) console.log(`cycle ${i + 1}: ${Math.round(cycles[i]!.ms)} ms, ${cycles[i]!.cpu.toFixed(2)} s CPU`);
    }
    const failed = await lc.store.listJobs({ state: 'failed' });
    if (failed.length || lc.fake.problems.length) throw new Error(`failed jobs or bad requests: ${JSON.stringify([failed, lc.fake.problems])}`);
    const firstTen = cycles.slice(0, 10);
    const lastTen = cycles.slice(-10);
    const result = {
      date: new Date().toISOString().slice(0, 10),
      cycles: CYCLES,
      patches: PATCHES,
      fixedPatchCount: FIXED,
      firstTen: { medianMs: Math.round(median(firstTen.map((c) => c.ms))), medianCpuS: median(firstTen.map((c) => c.cpu)), medianOwnCpuS: median(firstTen.map((c) => c.own)) },
      lastTen: { medianMs: Math.round(median(lastTen.map((c) => c.ms))), medianCpuS: median(lastTen.map((c) => c.cpu)), medianOwnCpuS: median(lastTen.map((c) => c.own)) },
      allMs: cycles.map((c) => Math.round(c.ms)),
      allCpuS: cycles.map((c) => Number(c.cpu.toFixed(2))),
      /** The node process's own share of allCpuS (App + fake GitHub + bench); the rest is git. */
      allOwnCpuS: cycles.map((c) => Number(c.own.toFixed(2))),
      allRssMb: cycles.map((c) => c.rssMb),
      sourceGitCommits: Number(git(lc.fake.state.repos.get(SOURCE)!.dir, ['rev-list', '--count', 'main']).trim()),
      distGitPatches: git(lc.fake.state.repos.get(DIST)!.dir, ['ls-tree', '--name-only', 'rawhide']).split('\n').filter((f) => f.endsWith('.patch')).length,
    };
    console.log(JSON.stringify({ ...result, allMs: undefined, allCpuS: undefined, allOwnCpuS: undefined, allRssMb: undefined }, null, 2));
    writeFileSync(new URL(FIXED ? './lifecycle-fixed-results.json' : './lifecycle-results.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await lc.close();
    removeDirs(dir);
  }
}

await main();
