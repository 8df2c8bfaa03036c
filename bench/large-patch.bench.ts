/**
 * `npm run bench:large-patch`: memory of `distsync source-git update-dist-git` with ONE very large
 * patch (default 50 and 90 MiB: every line of a 25/45 MiB file changed), run as a whole process
 * through the installed bin (start-up included; needs `npm run build`):
 *   1. the first sync (the patch file is new; run once per bin on a fresh copy of dist-git);
 *   2. the no-op update (dist-git already holds that patch; it must stay byte-identical).
 * Per run: node's own peak RSS (VmHWM, written at exit by bench/rss-hook.mjs), `/usr/bin/time -v`'s
 * maximum RSS (the largest single process: node or one git child), the peak of node + all its
 * live children summed (sampled from /proc every 10 ms), and wall time. Also the in-process figure:
 * the library call's growth of VmHWM over a process that has already loaded distsync.
 * BENCH_BINS='before=/path/to/old/bin/distsync.js,after=bin/distsync.js' compares builds in one run.
 * BENCH_FOREIGN=1: before the no-op runs, dist-git's patch file is replaced by plain `git format-patch`
 * output of the same commit (diffstat, another signature), as after `init` from an existing dist-git:
 * the no-op must then compare contents, not bytes.
 * Results: bench/large-patch-results.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from './synthetic-repos.js';

const SIZES_MIB = (process.env.BENCH_PATCH_MB ?? '50,90').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const FOREIGN = process.env.BENCH_FOREIGN === '1';
const HERE = dirname(fileURLToPath(import.meta.url));
const HOOK = join(HERE, 'rss-hook.mjs');
const IN_PROCESS = join(HERE, 'large-patch-inproc.mjs');
const BINS: [string, string][] = (process.env.BENCH_BINS ?? `current=${join(HERE, '../bin/distsync.js')}`)
  .split(',')
  .map((kv) => kv.split('=') as [string, string])
  .map(([k, v]) => [k, resolve(v)]);
const LINE = 64; // bytes per line of the changed file, newline included

const SPEC = `Name:           big\nVersion:        1.0\nRelease:        1%{?dist}\nSummary:        one huge patch\nLicense:        MIT\nSource0:        big-1.0.tar.gz\n\n%description\nBig.\n\n%prep\n%autosetup -p1\n\n%build\n\n%files\n\n%changelog\n* Sun Nov 22 2026 Bench <bench@example.org> - 1.0-1\n- first\n`;

function table(lines: number, tag: string): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i += 1) {
    const head = `${tag} row ${i} `;
    out.push(head + 'x'.repeat(LINE - 1 - head.length));
  }
  return out.join('\n') + '\n';
}

/** source-git: upstream v1.0 with a table file, .distro/, one commit rewriting every line (patch ≈ mib MiB); dist-git: spec + sources. */
function buildPair(root: string, mib: number): { sourceGit: string; distGit: string } {
  const sourceGit = join(root, 'source-git');
  const distGit = join(root, 'dist-git');
  const lines = Math.round((mib * 1024 * 1024) / (2 * LINE));
  execFileSync('mkdir', ['-p', join(sourceGit, 'data'), join(sourceGit, '.distro'), distGit]);
  git(sourceGit, ['init', '-q']);
  writeFileSync(join(sourceGit, 'data/table.txt'), table(lines, 'old'));
  git(sourceGit, ['add', '-A']);
  git(sourceGit, ['commit', '-q', '-m', 'upstream 1.0']);
  git(sourceGit, ['tag', 'v1.0']);
  writeFileSync(join(sourceGit, '.distro/big.spec'), SPEC);
  writeFileSync(join(sourceGit, '.distro/source-git.yaml'), 'upstream_ref: v1.0\nspecfile_path: .distro/big.spec\ndownstream_package_name: big\n');
  writeFileSync(join(sourceGit, '.distro/sources'), '');
  git(sourceGit, ['add', '-A']);
  git(sourceGit, ['commit', '-q', '-m', 'Add .distro/']);
  writeFileSync(join(sourceGit, 'data/table.txt'), table(lines, 'new'));
  git(sourceGit, ['commit', '-q', '-a', '-m', 'Regenerate the table\n\nEvery row changes.']);
  git(distGit, ['init', '-q']);
  writeFileSync(join(distGit, 'big.spec'), SPEC);
  writeFileSync(join(distGit, 'sources'), '');
  git(distGit, ['add', '-A']);
  git(distGit, ['commit', '-q', '-m', 'initial']);
  return { sourceGit, distGit };
}

function status(pid: number): { rssKb: number; children: number[] } {
  try {
    const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const children = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    return { rssKb, children };
  } catch {
    return { rssKb: 0, children: [] }; // gone meanwhile
  }
}

/** RSS of pid's descendants (not pid itself: that is /usr/bin/time), summed. */
function treeRssKb(pid: number): number {
  let sum = 0;
  const todo = [...status(pid).children];
  while (todo.length > 0) {
    const s = status(todo.pop()!);
    sum += s.rssKb;
    todo.push(...s.children);
  }
  return sum;
}

interface Run { wallS: number; nodePeakMB: number; largestProcessMB: number; treePeakMB: number; exit: number }

async function measured(bin: string, args: string[]): Promise<Run> {
  const hwmFile = join(mkdtempSync(join(tmpdir(), 'distsync-hwm-')), 'hwm');
  const child = spawn('/usr/bin/time', ['-v', process.execPath, '--import', HOOK, bin, ...args], {
    env: { ...process.env, DISTSYNC_BENCH_HWM_FILE: hwmFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let treePeak = 0;
  const timer = setInterval(() => (treePeak = Math.max(treePeak, treeRssKb(child.pid!))), 10);
  const exit = await new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  clearInterval(timer);
  const num = (re: RegExp) => Number(re.exec(stderr)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const wallS = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const mb = (kb: number) => Math.round(kb / 1024);
  const nodePeak = Number(readFileSync(hwmFile, 'utf8').trim());
  rmSync(dirname(hwmFile), { recursive: true, force: true });
  if (exit !== 0) process.stderr.write(stderr);
  return { wallS: Math.round(wallS * 10) / 10, nodePeakMB: mb(nodePeak), largestProcessMB: mb(num(/Maximum resident set size \(kbytes\): (\d+)/)), treePeakMB: mb(treePeak), exit };
}

function inProcess(bin: string, sourceGit: string, distGit: string): { loadedMB: number; peakMB: number; callMB: number } {
  const dist = join(dirname(bin), '../dist');
  const out = execFileSync(process.execPath, [IN_PROCESS, dist, sourceGit, distGit], { encoding: 'utf8' });
  return JSON.parse(out) as { loadedMB: number; peakMB: number; callMB: number };
}

const head = (dir: string) => git(dir, ['rev-parse', 'HEAD']).trim();
const clean = (dir: string) => git(dir, ['status', '--porcelain']).trim() === '';

const results: Record<string, unknown>[] = [];
for (const mib of SIZES_MIB) {
  const root = mkdtempSync(join(tmpdir(), 'distsync-bench-big-'));
  try {
    const { sourceGit, distGit } = buildPair(root, mib);
    const limit = String(mib * 2);
    for (const [label, bin] of BINS) {
      const fresh = join(root, `dist-git-${label}`);
      git(root, ['clone', '-q', distGit, fresh]);
      const load = loadavg()[0]!.toFixed(1);
      const first = await measured(bin, ['source-git', 'update-dist-git', '-m', 'sync', '--max-patch-size', limit, sourceGit, fresh]);
      if (first.exit !== 0) throw new Error(`${label}: first sync failed`);
      if (FOREIGN) {
        writeFileSync(join(fresh, '0001-Regenerate-the-table.patch'), git(sourceGit, ['format-patch', '--stdout', '-1', 'HEAD', '--', '.', ':(exclude).distro']));
        git(fresh, ['commit', '-q', '-a', '-m', 'the patch as git format-patch writes it']);
      }
      const patchBytes = Number(git(fresh, ['cat-file', '-s', 'HEAD:0001-Regenerate-the-table.patch']).trim());
      const before = head(fresh);
      const noop: Run[] = [];
      for (let r = 0; r < RUNS; r += 1) {
        const run = await measured(bin, ['source-git', 'update-dist-git', '-m', 'again', '--max-patch-size', limit, sourceGit, fresh]);
        if (run.exit !== 0 || head(fresh) !== before || !clean(fresh)) throw new Error(`${label}: the no-op update changed dist-git or failed`);
        noop.push(run);
      }
      const lib = inProcess(bin, sourceGit, fresh);
      if (head(fresh) !== before) throw new Error(`${label}: the in-process no-op changed dist-git`);
      const row = { mib, label, ...(FOREIGN ? { distGitFile: 'git format-patch' } : {}), patchMB: Math.round((patchBytes / 1024 / 1024) * 10) / 10, loadAvg1m: Number(load), first, noop, inProcessNoop: lib };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true });
  }
}
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim() };
writeFileSync(join(HERE, FOREIGN ? 'large-patch-foreign-results.json' : 'large-patch-results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
