import { lstat, mkdir, readdir, readlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { analysePrep, type MacroContext } from '../core/spec/index.js';
import { readBlob, type Git } from '../git/index.js';
import { startWorktree } from './work-repo.js';
import { makeTempDir, scopeOf, type RunDeps } from './run-deps.js';
import { evalWithRpm, specsOf } from './eval-with-rpm.js';
import { checkTarget, findRpmbuild, runPrep } from '../rpm/index.js';
import { diffTrees, explainDifferences, type Difference, type ExplainedDifference, type TreeEntry } from './compare-trees.js';
import { createSourceFetcher, sourceStore } from './fetch-sources.js';
import type { LookasideStore } from '../lookaside/index.js';
import { applyPrepRenames } from './prep-renames.js';
import { openDistGit, readDistGit } from './read-dist-git.js';
import { DISTRO_DIR, openSourceGit, readSourceGit } from './read-source-git.js';

export interface VerifyOptions {
  sourceGitDir: string;
  distGitDir: string;
  lookasideDir?: string;
  /** Where sources not in dist-git come from (any store kind); takes the place of lookasideDir. */
  lookaside?: LookasideStore;
  defines?: [string, string][];
  target?: string;
  /** Keep the rpmbuild tree (for debugging); its path is returned. */
  keep?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  buildDir: string;
  explained: ExplainedDifference[];
  mismatches: Difference[];
  patchesApplied: number;
}

/**
 * Run the real `rpmbuild -bp --nodeps` on dist-git and check that the
 * prepared tree is the source-git tree. rpm executes %(…) and %{lua:…} while
 * parsing: only for repositories the user trusts (the CLI); the App never
 * calls this on a pull request's spec.
 */
export async function verify(deps: RunDeps, opts: VerifyOptions): Promise<VerifyResult> {
  if (opts.target !== undefined) checkTarget(opts.target);
  await findRpmbuild();
  const scope = scopeOf(deps);
  const sgGit = await openSourceGit(opts.sourceGitDir, deps.log, scope);
  const dgGit = await openDistGit(opts.distGitDir, deps.log, scope);
  const sg = await readSourceGit(sgGit);
  const dg = await readDistGit(dgGit, { pkgName: sg.config.downstream_package_name });
  const tmp = await makeTempDir(scope, 'distsync-verify-');
  const work = tmp.dir;
  try {
    const sourceDir = join(work, 'SOURCES');
    await mkdir(sourceDir, { recursive: true });
    const prefix = dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/` : '';
    for (const f of dg.files) {
      if (!f.startsWith(prefix) || f.slice(prefix.length).includes('/') || f === dg.layout.specPath) continue;
      await writeFile(join(sourceDir, f.slice(prefix.length)), await readBlob(dgGit, dg.head!, f));
    }
    const fetcher = createSourceFetcher(dg, sourceDir, sourceStore(opts));
    for (const e of fetcher.entries) await fetcher.get(e.file);
    const specPath = join(work, dg.layout.specPath.split('/').pop()!);
    await writeFile(specPath, dg.specText);
    const ctx: MacroContext = await evalWithRpm({ ...deps, scope }, specsOf(dg), { ...(opts.target ? { arch: opts.target.split('-')[0]! } : {}), defines: Object.fromEntries(opts.defines ?? []) });
    const prep = analysePrep(dg.spec, ctx);
    deps.log.warn(`running rpmbuild -bp on ${dg.layout.specPath} of ${opts.distGitDir}: rpm executes the spec's %(…), %{lua:…} and %prep; verify only dist-git you trust`);
    const result = await runPrep({
      specPath,
      sourceDir,
      workDir: join(work, 'rpmbuild'),
      interrupt: scope,
      ...(opts.defines ? { defines: opts.defines } : {}),
      ...(opts.target ? { target: opts.target } : {}),
      ...(prep.setup ? { expectedDirName: prep.setup.dirName } : {}),
    });
    // Compare with a real checkout: .gitattributes (eol, ident) apply on checkout as they did in the tarball.
    const checkout = await startWorktree(sgGit, sg.head, deps.log, scope);
    let sourceTree: Map<string, TreeEntry>;
    try {
      sourceTree = await fsTree(sgGit, checkout.dir, [DISTRO_DIR]);
    } finally {
      await checkout.abandon();
    }
    const preparedTree = await fsTree(sgGit, result.buildDir);
    sourceTree = applyPrepRenames(sourceTree, prep, preparedTree);
    const diffs = diffTrees(sourceTree, preparedTree);
    const { explained, mismatches } = explainDifferences(diffs, prep, new Set(sourceTree.keys()));
    return { ok: mismatches.length === 0, buildDir: result.buildDir, explained, mismatches, patchesApplied: result.patchesApplied.length };
  } finally {
    if (opts.keep) tmp.keep();
    else await tmp.remove();
  }
}

/** Blob ids of every file under dir, computed by git in one call (no filters, like the committed bytes). */
async function fsTree(git: Git, dir: string, skip: string[] = []): Promise<Map<string, TreeEntry>> {
  const files: { path: string; mode: string }[] = [];
  const links: { path: string; target: string }[] = [];
  async function walk(abs: string): Promise<void> {
    for (const name of await readdir(abs)) {
      const p = join(abs, name);
      const st = await lstat(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) {
        if (abs === dir && (name === '.git' || skip.includes(name))) continue;
        await walk(p);
      } else if (abs === dir && name === '.git') {
        continue; // a worktree's .git file
      } else if (st.isSymbolicLink()) links.push({ path: rel, target: await readlink(p) });
      else if (st.isFile()) files.push({ path: rel, mode: st.mode & 0o111 ? '100755' : '100644' });
    }
  }
  await walk(dir);
  const map = new Map<string, TreeEntry>();
  if (files.length) {
    const res = await git.run(['hash-object', '--no-filters', '--stdin-paths'], { input: files.map((f) => join(dir, f.path)).join('\n') + '\n' });
    const ids = res.stdout.trim().split('\n');
    files.forEach((f, i) => map.set(f.path, { mode: f.mode, blob: ids[i] ?? '' }));
  }
  for (const l of links) {
    const res = await git.run(['hash-object', '--stdin'], { input: l.target });
    map.set(l.path, { mode: '120000', blob: res.stdout.trim() });
  }
  return map;
}
