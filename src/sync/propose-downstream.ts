import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { analysePrep, expandMacros, getTag, listTags, type MacroContext } from '../core/spec/index.js';
import { assertClean, commitAll, createGit, headSha, listLinearCommits, lockRepo, updateRef, type Git } from '../git/index.js';
import type { RunScope } from '../core/run-scope.js';
import { hashFile, type LookasideStore, type SourceDownloader } from '../lookaside/index.js';
import { preferredAlgo } from '../core/lookaside/index.js';
import { findUpstreamTag } from './find-upstream-tag.js';
import { makeUpstreamTarball } from '../archive/make-tarball-from-git.js';
import { patchIds } from './patch-ids.js';
import { openDistGit, readDistGit } from './read-dist-git.js';
import { CONFIG_PATH, openSourceGit, readSourceGit } from './read-source-git.js';
import { formatRebaseReport, rebaseDownstream, type RebaseReport } from './rebase-downstream.js';
import { specFileName } from './spec-files.js';
import { checksumForTarball, gitignoreWithTarball, moveUpstreamRef, specForVersion } from './update-distro-for-version.js';
import { updateDistGit } from './update-dist-git.js';
import { startWorktree } from './work-repo.js';
import { makeTempDir, scopeOf, type RunDeps } from './run-deps.js';
import { branchHead, reuseSameCommit } from './reuse-same-commit.js';
import { preflightLookaside } from './preflight-lookaside.js';
import { assertFixedUpstreamRef } from './pin-upstream-ref.js';

export interface ProposeDownstreamOptions {
  sourceGitDir: string;
  distGitDir: string;
  version?: string;
  tag?: string;
  /** Upstream git URL or directory to fetch tags from first. */
  upstream?: string;
  /** The lookaside store that receives the new tarball (local directory, Fedora CGI, S3…). */
  lookaside: LookasideStore;
  /** Use this release tarball instead of making one from the tag with git archive. */
  tarball?: string;
  /**
   * Download Source0 when its URL (for the new version) is a release asset or an https URL
   * of the upstream project (upstream_project_url), instead of git archive (the App passes one).
   */
  downloadSource0?: SourceDownloader;
  packager: { name: string; email: string };
  /** The changelog date (the CLI passes today). */
  date: Date;
  macros?: MacroContext;
}

export interface ProposeDownstreamResult {
  version: string;
  tag: string;
  sourceGitBranch: string;
  distGitBranch: string;
  distGitCommit?: string;
  /** `uploaded`: false when the store already held the tarball (a re-run). */
  tarball: { file: string; algo: string; hash: string; uploaded: boolean };
  report: RebaseReport;
  notes: string[];
}

/**
 * A new upstream version, downstream: the patch stack rebased onto the new
 * tag (patches upstream has are dropped, conflicts stop everything), spec
 * Version/Release/%changelog, the tarball made from the tag and uploaded to
 * the lookaside, the checksum file and .gitignore updated, then dist-git made
 * from the rebased source-git — each on a `propose-downstream/<version>`
 * branch. Nothing is written anywhere if the rebase conflicts.
 */
export async function proposeDownstream(deps: RunDeps, opts: ProposeDownstreamOptions): Promise<ProposeDownstreamResult> {
  const scope = scopeOf(deps);
  const sgGit = await openSourceGit(opts.sourceGitDir, deps.log, scope);
  const dgGit = await openDistGit(opts.distGitDir, deps.log, scope);
  const unlockSg = await lockRepo(sgGit, 'source-git', scope, deps.log);
  try {
    const unlockDg = await lockRepo(dgGit, 'dist-git', scope, deps.log);
    try {
      return await proposeLocked({ ...deps, scope }, sgGit, dgGit, opts);
    } finally {
      await unlockDg();
    }
  } finally {
    await unlockSg();
  }
}

async function proposeLocked(deps: RunDeps & { scope: RunScope }, sgGit: Git, dgGit: Git, opts: ProposeDownstreamOptions): Promise<ProposeDownstreamResult> {
  const { log, scope } = deps;
  await assertClean(sgGit, 'source-git');
  await assertClean(dgGit, 'dist-git');
  if (opts.upstream) await fetchUpstreamTags(sgGit, opts.upstream, scope);
  const sg = await readSourceGit(sgGit);
  await assertFixedUpstreamRef(sgGit, sg.config.upstream_ref, opts.sourceGitDir, sg.upstreamIsTag);
  const dg = await readDistGit(dgGit, { pkgName: sg.config.downstream_package_name });
  const ctx = opts.macros ?? {};
  const versionTag = getTag(sg.spec, 'Version');
  if (!versionTag) throw new DistsyncError('bad-spec', 'the spec has no Version tag', { file: sg.specPath, next: 'add Version:' });
  const currentVersion = expandMacros(sg.spec, versionTag.value, ctx).value;
  const target = await findUpstreamTag(sgGit, {
    template: sg.config.upstream_tag_template,
    currentVersion,
    ...(opts.tag ? { tag: opts.tag } : {}),
    ...(opts.version ? { version: opts.version } : {}),
  });
  log.info(`proposing ${sg.config.downstream_package_name} ${target.version} (tag ${target.tag}) over ${currentVersion}`);
  const algo = dg.checksum ? preferredAlgo(dg.checksum) : dg.layout.checksumKind === 'fedora-sources' ? 'sha512' : 'sha256';
  // Before any work: can the store take this hash type for this package (and us)?
  await preflightLookaside(opts.lookaside, dg.layout.pkgName, algo, dg.layout.checksumPath);

  const downstream = (await listLinearCommits(sgGit, sg.upstreamSha, sg.head, { excludePaths: ['.distro'], fromIsBase: true })).filter((c) => !c.onlyExcluded);
  const [down, up] = await Promise.all([
    patchIds(sgGit, ['--no-walk=unsorted', ...downstream.map((c) => c.sha)]),
    downstream.length ? patchIds(sgGit, [`${sg.upstreamSha}..${target.sha}`]) : Promise.resolve(new Map<string, string>()),
  ]);
  const work = await startWorktree(sgGit, target.sha, log, scope);
  const scratch = await makeTempDir(scope, 'distsync-propose-');
  try {
    const report = await rebaseDownstream(work.git, downstream, { downstream: down, upstream: new Set(up.values()) });
    if (report.conflicts.length > 0) {
      throw new DistsyncError('conflict', `cannot carry the downstream patches onto ${target.tag}:\n${formatRebaseReport(report).map((l) => `  ${l}`).join('\n')}`, {
        next: `resolve by hand: git -C ${opts.sourceGitDir} rebase --onto ${target.tag} ${sg.config.upstream_ref}, fix each conflict (or drop the commit), set upstream_ref: ${target.tag}, then run update-dist-git; nothing was written`,
      });
    }
    // .distro/: the old packaging, edited for the new version.
    await work.git.run(['checkout', sg.head, '--', '.distro']);
    const lines = [`Update to ${target.version}`, ...report.mergedUpstream.map((m) => `Drop ${m.patch ?? m.subject} (merged upstream)`)];
    const edited = specForVersion(sg.spec, { version: target.version, packager: opts.packager, date: opts.date, lines });
    await writeFile(join(work.dir, sg.specPath), edited.text);
    await writeFile(join(work.dir, CONFIG_PATH), moveUpstreamRef(await readFile(join(work.dir, CONFIG_PATH), 'utf8'), target.tag));
    const notes: string[] = [];
    const tarball = await makeTarballForSpec(work.git, edited.spec, target.sha, scratch.dir, ctx, opts.tarball, opts.downloadSource0 && { download: opts.downloadSource0, upstreamProjectUrl: sg.config.upstream_project_url, notes });
    const hash = await hashFile(tarball.path, algo);
    const uploaded = (await opts.lookaside.put({ pkg: dg.layout.pkgName, file: tarball.file, algo, hash }, tarball.path)) === 'stored';
    if (dg.checksum && dg.layout.checksumPath) {
      const distroChecksum = `.distro/${dg.layout.checksumPath.split('/').pop()}`;
      const replaces = specFileName(sg.spec, 'Source', 0, ctx);
      await writeFile(join(work.dir, distroChecksum), checksumForTarball(dg.checksum, { file: tarball.file, algo, hash, replaces }));
      const ignorePath = join(work.dir, '.distro/.gitignore');
      await writeFile(ignorePath, gitignoreWithTarball(await readFile(ignorePath, 'utf8').catch(() => ''), tarball.file, dg.layout.sourcesDir));
    } else {
      notes.push('dist-git has no checksum file: add the new tarball to it by hand');
    }
    if (!edited.changelogAdded) notes.push('the spec uses %autochangelog: no %changelog entry written');
    await commitAll(work.git, {
      message: `Update to ${target.version}\n\n${lines.slice(1).join('\n')}\n`.replace(/\n\n\n$/, '\n'),
      author: opts.packager,
      force: true,
    });
    const branch = `propose-downstream/${target.version}`;
    const [sgOld, dgOld] = await Promise.all([branchHead(sgGit, branch), branchHead(dgGit, branch)]);
    const sgCommit = await reuseSameCommit(sgGit, sgOld, await headSha(work.git));
    // dist-git: a commit made from the rebased source-git, on no ref yet; both branches land together below.
    const res = await updateDistGit(deps, {
      sourceGitDir: work.dir,
      distGitDir: opts.distGitDir,
      message: `Update to ${target.version}\n\n${formatRebaseReport(report).join('\n')}`,
      macros: ctx,
      force: true,
      commitOnly: true,
    });
    const distGitCommit = res.commitSha ? await reuseSameCommit(dgGit, dgOld, res.commitSha) : undefined;
    await scope.land(() => landBranches(branch, [{ git: sgGit, sha: sgCommit }, { git: dgGit, sha: distGitCommit ?? dg.head! }]));
    return {
      version: target.version,
      tag: target.tag,
      sourceGitBranch: branch,
      distGitBranch: branch,
      ...(distGitCommit ? { distGitCommit } : {}),
      tarball: { file: tarball.file, algo, hash, uploaded },
      report,
      notes: [...notes, ...res.notes],
    };
  } finally {
    await work.abandon();
    await scratch.remove();
  }
}

/** `branch` in each repo, created or moved, as one step: if a later repo fails, the earlier ones are put back. */
async function landBranches(branch: string, repos: { git: Git; sha: string }[]): Promise<void> {
  const ref = `refs/heads/${branch}`;
  const done: { git: Git; from: string | null; to: string }[] = [];
  try {
    for (const { git, sha } of repos) {
      const now = await git.run(['rev-parse', '--verify', '-q', ref], { allowFail: true });
      const from = now.code === 0 ? now.stdout.trim() : null;
      await updateRef(git, ref, sha, from, `distsync: ${branch}`);
      done.push({ git, from, to: sha });
    }
  } catch (e) {
    for (const d of done.reverse()) {
      if (d.from) await d.git.run(['update-ref', ref, d.from, d.to], { allowFail: true });
      else await d.git.run(['update-ref', '-d', ref, d.to], { allowFail: true });
    }
    throw e;
  }
}

/** Upstream tags into source-git; the ones this run added are deleted again if the run stops before it lands. */
async function fetchUpstreamTags(git: Git, upstream: string, scope: RunScope): Promise<void> {
  const list = async () => new Set((await git.run(['for-each-ref', '--format=%(refname)', 'refs/tags'])).stdout.split('\n').filter(Boolean));
  const before = await list();
  const undo = async () => {
    if (scope.landed) return;
    const plain = createGit(git.cwd);
    const now = (await plain.run(['for-each-ref', '--format=%(refname)', 'refs/tags'], { allowFail: true })).stdout.split('\n').filter(Boolean);
    for (const r of now) if (!before.has(r)) await plain.run(['update-ref', '-d', r], { allowFail: true });
  };
  scope.onCleanup(undo);
  await git.run(['fetch', '-q', '--atomic', '--no-write-fetch-head', '--no-tags', upstream, '+refs/tags/*:refs/tags/*']);
}

async function makeTarballForSpec(
  git: Parameters<typeof makeUpstreamTarball>[0],
  spec: Parameters<typeof analysePrep>[0],
  rev: string,
  dir: string,
  ctx: MacroContext,
  given?: string,
  remote?: { download: SourceDownloader; upstreamProjectUrl: string | undefined; notes: string[] },
) {
  const file = specFileName(spec, 'Source', 0, ctx);
  if (given) {
    if (basename(given) !== file) {
      throw new DistsyncError('usage', `--tarball ${given} is not named ${file}, the file Source0 names for the new version`, { next: `rename it to ${file} or fix Source0` });
    }
    const path = join(dir, file);
    await copyFile(given, path);
    return { file, path };
  }
  if (remote) {
    const url = source0Url(spec, ctx);
    const got = url ? await remote.download(url, join(dir, file), { upstreamProjectUrl: remote.upstreamProjectUrl }) : null;
    if (got) {
      remote.notes.push(`Source0 downloaded from ${url} (sha256 ${got.sha256}${got.verified === 'digest' ? ", equal to the release asset's digest" : '; no digest published, not verified against upstream'}) instead of git archive`);
      return { file, path: join(dir, file) };
    }
  }
  const setup = analysePrep(spec, ctx).setup;
  const prefix = setup && !setup.createDir ? setup.dirName : file.replace(/\.(tar\.\w+|tgz|tar)$/, '');
  const path = join(dir, file);
  await makeUpstreamTarball(git, { rev, prefix, dest: path, fileName: file });
  return { file, path };
}

/** Source0's expanded value when it is a URL whose last segment is the file name. */
function source0Url(spec: Parameters<typeof analysePrep>[0], ctx: MacroContext): string | undefined {
  const tag = listTags(spec, 'Source').find((t) => (t.rpmNumber ?? t.number ?? 0) === 0);
  const value = tag ? expandMacros(spec, tag.value, ctx).value.trim() : '';
  return /^https?:\/\/\S+$/.test(value) && !value.includes('#') ? value : undefined;
}
