/**
 * propose-downstream end to end with a local lookaside directory, and where
 * the time goes: git and other tools (child CPU), rpm (verify), our own code.
 * Run: npm run bench:propose
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/log.js';
import { createLocalLookaside } from '../src/lookaside/index.js';
import { initSourceGit } from '../src/sync/init-source-git.js';
import { proposeDownstream } from '../src/sync/propose-downstream.js';
import { verify } from '../src/sync/verify.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../test/helpers/corpus.js';
import { measureSplit, type Split } from './cpu-split.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const deps = { log: createMemoryLogger() };
const packager = { name: 'Bench', email: 'bench@example.org' };

async function prepared(pkg: 'lz4' | 'zlib', from: string) {
  const dir = tempDir(`bench-${pkg}`);
  const distGit = makeDistGit(dir, pkg);
  const sourceGit = cloneUpstream(dir, pkg, from);
  await initSourceGit(deps, { upstreamRef: from, sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: makeLookaside(dir, pkg) });
  const y = join(sourceGit, '.distro/source-git.yaml');
  writeFileSync(y, readFileSync(y, 'utf8') + 'upstream_tag_template: v{version}\n');
  git(sourceGit, 'commit', '-q', '-am', 'template');
  return { dir, distGit, sourceGit, store: join(dir, 'store') };
}

function median(xs: Split[]): Split {
  const pick = (k: keyof Split) => [...xs].map((x) => x[k]).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: pick('wallMs'), childCpuMs: pick('childCpuMs'), ownCpuMs: pick('ownCpuMs') };
}

const rows: Record<string, Split> = {};
for (const [pkg, from, version] of [['zlib', 'v1.2.11', '1.2.13'], ['lz4', 'v1.9.3', '1.9.4']] as const) {
  const splits: Split[] = [];
  const verifies: Split[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await prepared(pkg, from);
    try {
      const { result, split } = await measureSplit(() =>
        proposeDownstream(deps, { sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookaside: createLocalLookaside(r.store), packager, date: new Date(), version }).then(
          (x) => `ok: ${x.report.mergedUpstream.length} merged upstream, ${x.report.rebased.length} rebased`,
          (e: { code?: string; message: string }) => `${e.code}: ${e.message.split('\n').filter((l) => l.includes('CONFLICT')).length} conflicts, ${e.message.split('\n').filter((l) => l.includes('merged upstream')).length} merged upstream`,
        ),
      );
      splits.push(split);
      if (i === 0) console.log(`${pkg} ${from} → ${version}: ${result}`);
      if (result.startsWith('ok')) {
        git(r.distGit, 'checkout', '-q', `propose-downstream/${version}`);
        git(r.sourceGit, 'checkout', '-q', `propose-downstream/${version}`);
        verifies.push((await measureSplit(() => verify(deps, { sourceGitDir: r.sourceGit, distGitDir: r.distGit, lookasideDir: r.store }))).split);
      }
    } finally {
      removeDirs(r.dir);
    }
  }
  rows[`${pkg} ${version}`] = median(splits);
  if (verifies.length) rows[`${pkg} ${version} verify (rpmbuild -bp)`] = median(verifies);
}
for (const [k, s] of Object.entries(rows)) {
  console.log(`${k}: wall ${s.wallMs} ms; CPU in git/tar/xz/rpm ${s.childCpuMs} ms; CPU in distsync (node) ${s.ownCpuMs} ms`);
}
writeFileSync(new URL('./propose-results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), runs: RUNS, rows }, null, 2) + '\n');
