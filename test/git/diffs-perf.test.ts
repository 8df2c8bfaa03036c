import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createGit, diffsForRange, listCommits } from '../../src/git/index.js';
import { newRepo, sh, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());

/** N commits on top of a 50-file base, made with fast-import (fast to build). */
function bigHistory(n: number): { dir: string; base: string; head: string } {
  const dir = newRepo(tmp.make('perf'));
  const lines: string[] = [];
  const files = Array.from({ length: 50 }, (_, i) => `src/file${i}.c`);
  const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`;
  const content = (f: number, v: number) => Array.from({ length: 200 }, (_, l) => `line ${l} of ${f}${l === v % 200 ? ` v${v}` : ''}`).join('\n') + '\n';
  lines.push('commit refs/heads/main', 'committer T <t@e> 1600000000 +0000', blob('base'));
  for (const [i, f] of files.entries()) lines.push(`M 100644 inline ${f}`, blob(content(i, -1)));
  for (let c = 1; c <= n; c++) {
    lines.push('commit refs/heads/main', `committer T <t@e> ${1600000000 + c} +0000`, blob(`change ${c}\n\nPatch-name: p${c}.patch`));
    lines.push(`M 100644 inline ${files[c % files.length]}`, blob(content(c % files.length, c)));
    if (c % 10 === 0) lines.push('M 100644 inline .distro/pkg.spec', blob(`Release: ${c}\n`));
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: lines.join('\n') + '\n' });
  sh(dir, 'reset', '-q', '--hard', 'main');
  const base = sh(dir, 'rev-list', '--max-parents=0', 'HEAD').trim();
  return { dir, base, head: sh(dir, 'rev-parse', 'HEAD').trim() };
}

describe('diffsForRange on 1000 commits', () => {
  // speed against format-patch is measured in bench/ (BENCHMARKS.md), not here
  it('diffs the whole range in one git process', async () => {
    const { dir, base, head } = bigHistory(1000);
    const calls: string[] = [];
    const git = createGit(dir, { log: { debug: (m) => calls.push(m) } });
    const range = `${base}..${head}`;
    const diffs = await diffsForRange(git, range, { excludePaths: ['.distro'] });
    expect(calls).toHaveLength(1);
    expect(diffs.size).toBe(1000);
    const commits = await listCommits(git, range, { excludePaths: ['.distro'] });
    expect(commits).toHaveLength(1000);
  });
});
