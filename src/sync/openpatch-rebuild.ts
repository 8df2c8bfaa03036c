import { stat } from 'node:fs/promises';
import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { getTrailer, parseCommitMessage } from '../core/patches/index.js';
import { applyDirectives, DIRECTIVES_TRAILER, importNameOf, rebuildMessage, upstreamBranchFor, UPSTREAM_TRAILER, type DirectiveEffect, type TreeFile } from '../core/openpatch/index.js';
import { assertClean, commitTreeFiles, createGit, isRepo, readTreeFiles, type Git } from '../git/index.js';
import type { LookasideStore } from '../lookaside/index.js';
import { carryDirectiveDir, readDirectiveSource, type DirectiveSource } from './openpatch-directives.js';
import { fetchBlobs, storeUploads } from './openpatch-lookaside.js';
import { landCommit, treeChanges } from './openpatch-land.js';
import { ownDirectives } from './openpatch-own-directives.js';

export interface OpenpatchRebuildOptions {
  upstreamDir: string;
  rebuildDir: string;
  /** Rebuild branch (OpenELA name: el9, el9-stream-S, …). */
  branch: string;
  /** Upstream branch; default from the branch name and `branchMap`. */
  upstreamBranch?: string;
  branchMap?: Record<string, string>;
  /** Where the directives are; default: PATCHES/ (or ROCKY/CFG/) on the rebuild branch itself. */
  patches?: string;
  /** Branch to write the result to (the App's PR branch); default `branch`. Its parent is always `branch`. */
  writeBranch?: string;
  dryRun: boolean;
  lookaside?: LookasideStore;
  /** Changelog version from the upstream import commit's name ('import NAME-V-R.el9' → 'V-R', Rocky's srpmproc), not the spec's Version value (OpenELA's output). */
  versionFromImport?: boolean;
}

export interface OpenpatchRebuildResult {
  changed: boolean;
  /** Why nothing was committed, when changed is false. */
  reason?: string;
  branch: string;
  writeBranch: string;
  upstreamBranch: string;
  upstreamCommit: string;
  directivesCommit?: string;
  effects: DirectiveEffect[];
  added: string[];
  updated: string[];
  removed: string[];
  commitSha?: string;
}

/** A work tree's top or a bare repository (the App's mirrors are bare). */
async function open(dir: string, what: string, log: Logger): Promise<Git> {
  const git = createGit(dir, { log });
  const bare = await stat(dir).then(() => git.run(['rev-parse', '--is-bare-repository'], { allowFail: true }), () => null);
  if ((bare?.code === 0 && bare.stdout.trim() === 'true') || (await isRepo(dir))) return git;
  throw new DistsyncError('not-a-repo', `${dir} is not a git repository (${what})`, { next: `clone it first: git clone <url> ${dir}` });
}

async function commitOf(git: Git, ref: string): Promise<string | null> {
  const r = await git.run(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { allowFail: true });
  return r.code === 0 ? r.stdout.trim() : null;
}

/**
 * Rebuild: the upstream branch's current tree, changed by the directives, committed on the rebuild
 * branch (or `writeBranch` on top of it) with provenance trailers. Nothing is committed when the last
 * rebuild already came from the same upstream and directive commits, or when the tree would not change.
 */
export async function openpatchRebuild(deps: { log: Logger }, opts: OpenpatchRebuildOptions): Promise<OpenpatchRebuildResult> {
  const upGit = await open(opts.upstreamDir, 'upstream dist-git', deps.log);
  const git = await open(opts.rebuildDir, 'rebuild dist-git', deps.log);
  const upstreamBranch = opts.upstreamBranch ?? upstreamBranchFor(opts.branch, opts.branchMap);
  const up = await commitOf(upGit, upstreamBranch);
  if (!up) throw new DistsyncError('ref-not-found', `upstream branch ${upstreamBranch} is not in ${opts.upstreamDir}`, { next: `fetch it (git -C ${opts.upstreamDir} fetch origin ${upstreamBranch}:${upstreamBranch}), or pass --upstream-branch` });
  const writeBranch = opts.writeBranch ?? opts.branch;
  const checkedOut = (await git.run(['symbolic-ref', '-q', 'HEAD'], { allowFail: true })).stdout.trim() === `refs/heads/${writeBranch}`;
  if (!opts.dryRun && checkedOut && (await git.run(['rev-parse', '--is-bare-repository'])).stdout.trim() === 'false') await assertClean(git, 'rebuild dist-git');
  const current = await commitOf(git, `refs/heads/${opts.branch}`);
  const writeHead = writeBranch === opts.branch ? current : await commitOf(git, `refs/heads/${writeBranch}`);
  const own = opts.patches === undefined;
  const source: DirectiveSource = own ? await ownDirectives(git, current, opts.branch) : await readDirectiveSource(opts.patches!, deps.log);
  const base: Omit<OpenpatchRebuildResult, 'changed'> = { branch: opts.branch, writeBranch, upstreamBranch, upstreamCommit: up, ...(source.commit ? { directivesCommit: source.commit } : {}), effects: [], added: [], updated: [], removed: [] };
  for (const head of new Set([writeHead, current])) {
    if (head && (await sameInputs(git, head, up, source.commit))) return { ...base, changed: false, reason: `${head === writeHead ? writeBranch : opts.branch} (${head.slice(0, 12)}) is already the rebuild of ${up.slice(0, 12)} with these directives` };
  }
  const [upTree, currentTree] = await Promise.all([readTreeFiles(upGit, up), current ? readTreeFiles(git, current) : new Map<string, TreeFile>()]);
  const info = (await upGit.run(['log', '-1', '--format=%s%x00%cI', up])).stdout.trim().split('\0');
  const importName = opts.versionFromImport ? importNameOf(info[0] ?? '') : undefined;
  const spec = [...upTree.keys()].find((p) => /^SPECS\/[^/]+\.spec$/.test(p));
  const pkg = spec ? spec.slice(6, -5) : 'package';
  const blobs = await fetchBlobs(source.cfgs, opts.lookaside, pkg);
  const result = applyDirectives({ cfgs: source.cfgs, patchTree: source.patchTree, tree: upTree, date: new Date(info[1] ?? Date.now()), ...(importName ? { importName } : {}), blobs });
  if (own) carryDirectiveDir(currentTree, result.tree);
  const changes = treeChanges(currentTree, result.tree);
  const out = { ...base, effects: result.effects, ...changes };
  if (changes.added.length + changes.updated.length + changes.removed.length === 0) return { ...out, changed: false, reason: `${opts.branch} already has this tree` };
  if (opts.dryRun) return { ...out, changed: true };
  await storeUploads(result.uploads, opts.lookaside, pkg);
  const message = rebuildMessage({ subject: `Rebuild ${importNameOf(info[0] ?? '') ?? `${upstreamBranch} ${up.slice(0, 12)}`} with Open Patch directives`, effects: result.effects, upstreamCommit: up, ...(source.commit ? { directivesCommit: source.commit } : {}) });
  const sha = await commitTreeFiles(git, result.tree, { parents: current ? [current] : [], message });
  await landCommit(git, writeBranch, sha, writeHead);
  return { ...out, changed: true, commitSha: sha };
}

/** The commit's trailers say it was rebuilt from this upstream commit with these directives. */
async function sameInputs(git: Git, commit: string, up: string, directives: string | undefined): Promise<boolean> {
  const m = parseCommitMessage((await git.run(['log', '-1', '--format=%B', commit])).stdout);
  return getTrailer(m, UPSTREAM_TRAILER) === up && getTrailer(m, DIRECTIVES_TRAILER) === directives;
}
