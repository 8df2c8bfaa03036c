/**
 * update-dist-git vs plain `git format-patch` of the same range, in the same
 * run, on synthetic source-gits with N one-file commits: in-process (the
 * library call) and as whole processes (`node bin/distsync.js …`, start-up
 * included, the way a user runs it; needs `npm run build`), plus
 * `distsync --help` against a bare `node -e 0`.
 * Run: npm run bench   (writes bench/results.json; numbers go to BENCHMARKS.md)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMemoryLogger } from '../src/core/log.js';
import { updateDistGit } from '../src/sync/update-dist-git.js';
import { buildSyntheticPair, git, type SpecStyle } from './synthetic-repos.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const STYLES: SpecStyle[] = ['autosetup', 'setup'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const BIN = new URL('../bin/distsync.js', import.meta.url).pathname;
/** Another build's bin (e.g. of the commit before a change), timed as a whole process on the same pair in the same run. */
const BEFORE_BIN = process.env.BENCH_BEFORE_BIN;

function timed(cmd: string, args: string[], cwd?: string): number {
  const t = performance.now();
  execFileSync(cmd, args, { stdio: 'ignore', ...(cwd ? { cwd } : {}) });
  return performance.now() - t;
}

function startUp() {
  const help: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < 10; r += 1) {
    bare.push(timed(process.execPath, ['-e', '0']));
    help.push(timed(process.execPath, [BIN, '--help']));
  }
  return { helpMs: Math.round(median(help)), nodeBareMs: Math.round(median(bare)) };
}

async function measure(n: number, style: SpecStyle) {
  const fp: number[] = [];
  const ours: number[] = [];
  const whole: number[] = [];
  const before: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const root = mkdtempSync(join(tmpdir(), 'distsync-bench-'));
    try {
      const { sourceGit, distGit } = buildSyntheticPair(root, n, style);
      const out = join(root, 'format-patch-out');
      let t = performance.now();
      git(sourceGit, ['format-patch', '-q', '--no-renames', '-o', out, 'v1.0..HEAD', '--', '.', ':(exclude).distro']);
      fp.push(performance.now() - t);
      t = performance.now();
      const res = await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sourceGit, distGitDir: distGit });
      ours.push(performance.now() - t);
      if (res.added.length !== n) throw new Error(`expected ${n} new patches, got ${res.added.length}`);
      const again = buildSyntheticPair(join(root, 'whole'), n, style);
      whole.push(timed(process.execPath, [BIN, 'source-git', 'update-dist-git', again.sourceGit, again.distGit]));
      if (BEFORE_BIN) {
        const other = buildSyntheticPair(join(root, 'before'), n, style);
        before.push(timed(process.execPath, [BEFORE_BIN, 'source-git', 'update-dist-git', other.sourceGit, other.distGit]));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const formatPatchMs = median(fp);
  return {
    n,
    style,
    formatPatchMs: Math.round(formatPatchMs),
    updateDistGitMs: Math.round(median(ours)),
    ratio: Number((median(ours) / formatPatchMs).toFixed(2)),
    wholeProcessMs: Math.round(median(whole)),
    wholeProcessRatio: Number((median(whole) / formatPatchMs).toFixed(2)),
    ...(BEFORE_BIN ? { beforeWholeProcessMs: Math.round(median(before)), beforeWholeProcessRatio: Number((median(before) / formatPatchMs).toFixed(2)) } : {}),
  };
}

const results = [];
const start = startUp();
console.log(`distsync --help ${start.helpMs} ms (node -e 0: ${start.nodeBareMs} ms)`);
for (const n of SIZES) for (const style of STYLES) {
  const r = await measure(n, style);
  results.push(r);
  console.log(`N=${r.n} ${r.style}: git format-patch ${r.formatPatchMs} ms, update-dist-git ${r.updateDistGitMs} ms in-process (ratio ${r.ratio}), ${r.wholeProcessMs} ms whole process (ratio ${r.wholeProcessRatio})${r.beforeWholeProcessMs === undefined ? '' : `; before: ${r.beforeWholeProcessMs} ms whole process (ratio ${r.beforeWholeProcessRatio})`}`);
}
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim() };
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), runs: RUNS, machine, startUp: start, results }, null, 2) + '\n');
