// Measures the two Patch-tag rules of init on every corpus package: Packit's (tags of imported
// patches cleared in .distro/'s spec, the default) and --keep-patch-tags. For each: what
// update-dist-git right after init would change in dist-git, and what a new source-git commit
// changes in the spec. Run: node --import tsx bench/patch-tag-rule.bench.ts
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/log.js';
import { initSourceGit } from '../src/sync/init-source-git.js';
import { updateDistGit } from '../src/sync/update-dist-git.js';
import { PACKAGES, cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../test/helpers/corpus.js';
import { execFileSync } from 'node:child_process';

const deps = { log: createMemoryLogger() };
const UPSTREAM: Record<string, string | undefined> = { lz4: 'v1.9.3', zlib: 'v1.2.11' };
const rows: string[] = [];
for (const key of Object.keys(PACKAGES) as (keyof typeof PACKAGES)[]) {
  for (const keep of [false, true]) {
    const dir = tempDir(`tagrule-${key}`);
    try {
      const distGit = makeDistGit(dir, key);
      const lookaside = makeLookaside(dir, key);
      const ref = UPSTREAM[key];
      const sourceGit = ref ? cloneUpstream(dir, key as 'lz4' | 'zlib', ref) : join(dir, 'source-git');
      if (!ref) execFileSync('mkdir', ['-p', sourceGit]);
      const init = await initSourceGit(deps, { upstreamRef: ref ?? 'upstream', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside, fromTarball: !ref, keepPatchTags: keep });
      const spec = git(sourceGit, 'ls-files', '.distro/*.spec').trim();
      const tagsInDistro = (readFileSync(join(sourceGit, spec), 'utf8').match(/^Patch\d*:/gim) ?? []).length;
      const first = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'sync' });
      appendFileSync(join(sourceGit, 'distsync-bench.txt'), 'x\n');
      git(sourceGit, 'add', 'distsync-bench.txt');
      git(sourceGit, 'commit', '-q', '-m', 'bench: a new downstream file');
      await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'next' });
      const specDiff = git(distGit, 'diff', '--numstat', 'HEAD~1', 'HEAD', '--', '*.spec').trim().split(/\s+/).slice(0, 2).join('+/-');
      rows.push(`| ${key} | ${keep ? 'kept (--keep-patch-tags)' : 'cleared (default)'} | ${init.commits.length} | ${tagsInDistro} | ${first.changed ? `changes ${first.files.join(', ')}` : 'byte-identical'} | ${specDiff} |`);
    } catch (e) {
      rows.push(`| ${key} | ${keep ? 'kept' : 'cleared'} | error: ${(e as Error).message.split('\n')[0]} | | | |`);
    } finally {
      removeDirs(dir);
    }
  }
}
process.stdout.write(['| package | Patch tags in .distro/ | imported patches | tags left in .distro spec | update-dist-git right after init | spec lines +/- for one new commit |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n');
