import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { distGitToDistro } from '../core/layout/index.js';
import { toDistroGitignore } from '../core/layout/distro-gitignore.js';
import { assertSafeRelativePath } from '../core/layout/safe-path.js';
import type { RunScope } from '../core/run-scope.js';
import { analysePrep, printSpec, removePatch, type MacroContext, type PrepAnalysis, type PrepPatchStep, type PrepShellPatch } from '../core/spec/index.js';
import { assertClean, commitAll, createGit, headSha, isRepo, lockRepo, readBlob, type Git } from '../git/index.js';
import { importPatchCommit } from './import-patch-commit.js';
import { importShellPatch, shellPatchKey, shellPatchRefusal } from './import-shell-patch.js';
import { importSources } from './import-sources.js';
import { createSourceFetcher, sourceStore } from './fetch-sources.js';
import type { LookasideStore } from '../lookaside/index.js';
import { openDistGit, readDistGit, type DistGitSnapshot } from './read-dist-git.js';
import { CONFIG_PATH, SETTINGS_PATH } from './read-source-git.js';
import { initConfigFiles } from './init-config.js';
import { openInitTarget } from './open-init-target.js';
import { publishWorkRepo } from './work-repo.js';
import { evalWithRpm, specsOf } from './eval-with-rpm.js';
import { makeTempDir, scopeOf, type RunDeps, type TempDir } from './run-deps.js';
import { pinUpstreamRef } from './pin-upstream-ref.js';

export interface InitSourceGitOptions {
  upstreamRef: string;
  sourceGitDir: string;
  distGitDir: string;
  lookasideDir?: string;
  /** Where sources not in dist-git come from (any store kind); takes the place of lookasideDir. */
  lookaside?: LookasideStore;
  /** Import the lookaside tarball(s) as the upstream commit (source-git may be an empty dir). */
  fromTarball?: boolean;
  pkgName?: string;
  macros?: MacroContext;
  /** upstream_project_url (default: the source-git checkout's `origin` when it is a URL). */
  upstreamUrl?: string;
  /** Base URL of the lookaside for source-git.yaml `sources:` (default: Fedora's, for the flat Fedora layout). */
  lookasideUrl?: string;
  /**
   * Keep the PatchN tags of imported patches in `.distro/<pkg>.spec`. Default
   * (Packit's rule, the only one Packit's update accepts): they are cleared
   * there, and update-dist-git puts them back where dist-git has them.
   */
  keepPatchTags?: boolean;
}

export interface InitSourceGitResult {
  head: string;
  upstreamSha: string;
  commits: { sha: string; patch: string; method: string }[];
  keptAsFiles: { file: string; why: string }[];
  sideEffects: string[];
  notes: string[];
}

/** dist-git → a new source-git: upstream, then .distro/, then one commit per applied patch. */
export async function initSourceGit(deps: RunDeps, opts: InitSourceGitOptions): Promise<InitSourceGitResult> {
  const { log } = deps;
  const scope = scopeOf(deps);
  const targetIsRepo = await isRepo(opts.sourceGitDir);
  const unlock = targetIsRepo ? await lockRepo(createGit(opts.sourceGitDir, { log, interrupt: scope }), 'source-git', scope, log) : async () => undefined;
  try {
    return await initLocked({ ...deps, scope }, scope, targetIsRepo, opts);
  } finally {
    await unlock();
  }
}

async function initLocked(deps: RunDeps, scope: RunScope, targetIsRepo: boolean, opts: InitSourceGitOptions): Promise<InitSourceGitResult> {
  const { log } = deps;
  const dgGit = await openDistGit(opts.distGitDir, log, scope);
  await assertClean(dgGit, 'dist-git');
  const dg = await readDistGit(dgGit, opts.pkgName ? { pkgName: opts.pkgName } : {});
  if (!dg.head) throw new DistsyncError('bad-layout', `${opts.distGitDir} has no commits`, { next: 'commit the packaging first' });
  const ctx = await evalWithRpm(deps, specsOf(dg), opts.macros ?? {});
  const prep = analysePrep(dg.spec, ctx);
  if (opts.fromTarball && (opts.upstreamRef === 'HEAD' || !/^[A-Za-z0-9_][A-Za-z0-9._+~-]*$/.test(opts.upstreamRef))) {
    throw new DistsyncError('usage', `with --from-tarball, <upstream-ref> '${opts.upstreamRef}' becomes the tag of the imported tarball, and it is not a plain tag name`, {
      next: `pass the upstream version as a tag name, e.g. distsync source-git init --from-tarball v1.2.3 ${opts.sourceGitDir} ${opts.distGitDir}`,
    });
  }
  const work = await openInitTarget(opts.sourceGitDir, opts.upstreamRef, { fromTarball: !!opts.fromTarball, targetIsRepo, log, scope });
  let scratch: TempDir | undefined;
  try {
    scratch = await makeTempDir(scope, 'distsync-sources-');
    const fetcher = createSourceFetcher(dg, scratch.dir, sourceStore(opts));
    const notes: string[] = [];
    // upstream_ref never moves: a branch or HEAD is recorded as its tag or commit
    const pinned = opts.fromTarball ? { ref: opts.upstreamRef } : await pinUpstreamRef(work.git, opts.upstreamRef);
    if (pinned.note) notes.push(pinned.note);
    const upstreamSha = await importSources(work, dg, prep, fetcher, { upstreamRef: opts.upstreamRef, fromTarball: !!opts.fromTarball, ctx, notes });
    const applied = prep.steps.filter((s) => s.active === 'yes');
    const keptAsFiles = prep.steps
      .filter((s) => s.active !== 'yes')
      .map((s) => ({ file: s.fileName, why: s.active === 'no' ? `not applied here (${s.conditions.join(' / ')})` : `condition cannot be evaluated safely (${s.conditions.join(' / ')})` }));
    const clearTags = !opts.keepPatchTags && !prep.listsPatches;
    if (!opts.keepPatchTags && prep.listsPatches) {
      notes.push("%prep names its patches (%patch lines): the Patch tags stay in .distro/'s spec (Packit's update cannot handle such a spec either way)");
    }
    const upstreamUrl = opts.upstreamUrl ?? (await originUrl(work.git));
    await writeDistro(work.git, dg, applied, {
      upstreamRef: pinned.ref,
      clearTags,
      ...(upstreamUrl ? { upstreamUrl } : {}),
      ...(opts.lookasideUrl ? { lookasideUrl: opts.lookasideUrl } : {}),
      macros: ctx,
    });
    const commits: InitSourceGitResult['commits'] = [];
    const done = new Set<number>();
    const shell = shellSteps(prep, dg.layout.specPath, notes);
    const shellCtx = { fetcher, specPath: dg.layout.specPath, distGitHead: dg.head };
    const replayShellUpTo = async (k: number) => {
      while (shell.length > 0 && shell[0]!.stepsBefore <= k) {
        const sp = shell.shift()!;
        commits.push(await importShellPatch(work.git, sp, shellCtx));
        log.info(`imported ${shellPatchKey(sp)} (%prep line ${sp.line + 1})`);
      }
    };
    for (const [k, step] of prep.steps.entries()) {
      await replayShellUpTo(k);
      if (step.active !== 'yes') continue;
      if (done.has(step.number)) {
        notes.push(`Patch${step.number} is applied twice in %prep; imported once`);
        continue;
      }
      done.add(step.number);
      commits.push(await importPatchCommit(work.git, dg, step, [], prep));
      log.info(`imported ${step.fileName}`);
    }
    await replayShellUpTo(Infinity);
    const head = await headSha(work.git);
    await publishWorkRepo(work, head, scope);
    for (const k of keptAsFiles) log.info(`kept as a file in .distro/: ${k.file}: ${k.why}`);
    return { head, upstreamSha, commits, keptAsFiles, sideEffects: prep.sideEffects.map((s) => s.text), notes };
  } finally {
    await work.abandon();
    await scratch?.remove();
  }
}

/**
 * The %prep shell lines that apply a patch and run for this target, in order.
 * One distsync cannot replay is refused before anything is written; one
 * under a condition that cannot be evaluated is named in a note.
 */
function shellSteps(prep: PrepAnalysis, specPath: string, notes: string[]): PrepShellPatch[] {
  const out: PrepShellPatch[] = [];
  for (const sp of prep.shellPatches) {
    if (sp.active === 'no') continue;
    const refusal = shellPatchRefusal(sp, specPath);
    if (refusal) throw refusal;
    if (sp.active === 'unknown') {
      notes.push(`%prep line ${sp.line + 1} (\`${sp.text}\`) is under a condition distsync cannot evaluate (${sp.conditions.join(' / ')}): not replayed in source-git; pass --define to decide it`);
      continue;
    }
    out.push(sp);
  }
  return out;
}

interface DistroOptions {
  upstreamRef: string;
  clearTags: boolean;
  upstreamUrl?: string;
  lookasideUrl?: string;
  macros: MacroContext;
}

/** The .distro/ commit: every dist-git file except the patches that become commits. */
async function writeDistro(git: Git, dg: DistGitSnapshot, applied: PrepPatchStep[], o: DistroOptions): Promise<string> {
  const appliedPaths = new Set(applied.map((s) => (dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${s.fileName}` : s.fileName)));
  let hasIgnore = false;
  for (const path of dg.files) {
    if (appliedPaths.has(path)) continue;
    const content = await readBlob(dg.git, dg.head!, path);
    let dest = distGitToDistro(dg.layout, path);
    let bytes: Buffer = content;
    if (path === dg.layout.specPath && o.clearTags) {
      let spec = dg.spec;
      for (const step of applied) spec = removePatch(spec, step.number);
      bytes = Buffer.from(printSpec(spec), 'utf8');
    }
    if (path === '.gitignore') {
      hasIgnore = true;
      dest = '.distro/.gitignore';
      bytes = Buffer.from(toDistroGitignore(content.toString('utf8')), 'utf8');
    }
    await writeRepoFile(git, dest, bytes);
  }
  if (!hasIgnore) await writeRepoFile(git, '.distro/.gitignore', Buffer.from(toDistroGitignore(null), 'utf8'));
  const { sourceGitYaml, distsyncYaml } = initConfigFiles({
    upstreamRef: o.upstreamRef,
    ...(o.upstreamUrl ? { upstreamUrl: o.upstreamUrl } : {}),
    ...(o.lookasideUrl ? { lookasideUrl: o.lookasideUrl } : {}),
    layout: dg.layout,
    spec: dg.spec,
    checksum: dg.checksum,
    macros: o.macros,
  });
  await writeRepoFile(git, CONFIG_PATH, Buffer.from(sourceGitYaml, 'utf8'));
  await writeRepoFile(git, SETTINGS_PATH, Buffer.from(distsyncYaml, 'utf8'));
  return commitAll(git, {
    message: `Add .distro/ from dist-git ${dg.head!.slice(0, 12)}\n\nPackaging files of ${dg.layout.pkgName}, kept in sync by distsync.\n\nFrom-dist-git-commit: ${dg.head!}\n`,
    force: true,
  });
}

/** The source-git checkout's `origin`, when it is a URL (without credentials); a local path is no project URL. */
async function originUrl(git: Git): Promise<string | undefined> {
  const res = await git.run(['config', '--get', 'remote.origin.url'], { allowFail: true });
  const url = res.code === 0 ? res.stdout.trim() : '';
  if (!/^(https?|git|ssh):\/\//.test(url)) return undefined;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return undefined;
  }
}

async function writeRepoFile(git: Git, path: string, content: Buffer): Promise<void> {
  assertSafeRelativePath(path);
  const abs = join(git.cwd, path);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, content);
}

