import { realpath } from 'node:fs/promises';
import { DistsyncError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { applyDirectives, importNameOf, rebuildMessage, type DirectiveEffect } from '../core/openpatch/index.js';
import { assertClean, commitTreeFiles, headSha, readTreeFiles, resolveRef } from '../git/index.js';
import type { LookasideStore } from '../lookaside/index.js';
import { openDistGit } from './read-dist-git.js';
import { carryDirectiveDir, readDirectiveSource } from './openpatch-directives.js';
import { fetchBlobs, storeUploads } from './openpatch-lookaside.js';
import { landCommit, treeChanges } from './openpatch-land.js';

export interface OpenpatchApplyOptions {
  /** Patch repository, plain directory with PATCHES/ or ROCKY/CFG/, or a PATCHES directory. */
  patches: string;
  distGitDir: string;
  /** Apply to this commit's tree (an upstream import) instead of HEAD's; the result is committed on HEAD. */
  ref?: string;
  message?: string;
  dryRun: boolean;
  /** Date of changelog entries (default: now). */
  date?: Date;
  lookaside?: LookasideStore;
  /** Changelog version from the base commit's 'import NAME-V-R…' subject (Rocky's srpmproc), not the spec's Version. */
  versionFromImport?: boolean;
}

export interface OpenpatchApplyResult {
  changed: boolean;
  effects: DirectiveEffect[];
  added: string[];
  updated: string[];
  removed: string[];
  /** Files moved to the lookaside cache (uploaded unless --dry-run). */
  lookaside: { path: string; hash: string }[];
  base: string;
  directivesCommit?: string;
  commitSha?: string;
}

/**
 * Apply Open Patch directives to a dist-git branch: the tree of `ref` (default HEAD) changed by the
 * directives becomes one new commit on the checked-out branch, landed by one ref update. A directive
 * that does not apply throws before anything is written; --dry-run only reports.
 */
export async function openpatchApply(deps: { log: Logger }, opts: OpenpatchApplyOptions): Promise<OpenpatchApplyResult> {
  const git = await openDistGit(opts.distGitDir, deps.log);
  const source = await readDirectiveSource(opts.patches, deps.log);
  const head = await headSha(git).catch(() => null);
  if (!head) throw new DistsyncError('ref-not-found', `${opts.distGitDir} has no commits`, { next: 'apply directives to a dist-git branch with an imported package' });
  const branch = (await git.run(['symbolic-ref', '-q', '--short', 'HEAD'], { allowFail: true })).stdout.trim();
  if (!branch) throw new DistsyncError('usage', `${opts.distGitDir} has a detached HEAD`, { next: `check out the branch to commit on: git -C ${opts.distGitDir} checkout el9` });
  if (!opts.dryRun) await assertClean(git, 'dist-git');
  const base = opts.ref ? await resolveRef(git, `${opts.ref}^{commit}`) : head;
  const [baseTree, headTree] = await Promise.all([readTreeFiles(git, base), base === head ? null : readTreeFiles(git, head)]);
  const subject = (await git.run(['log', '-1', '--format=%s', base])).stdout.trim();
  const importName = opts.versionFromImport ? importNameOf(subject) : undefined;
  const spec = [...baseTree.keys()].find((p) => /^SPECS\/[^/]+\.spec$/.test(p));
  const pkg = spec ? spec.slice(6, -5) : 'package';
  const blobs = await fetchBlobs(source.cfgs, opts.lookaside, pkg);
  const result = applyDirectives({ cfgs: source.cfgs, patchTree: source.patchTree, tree: baseTree, date: opts.date ?? new Date(), ...(importName ? { importName } : {}), blobs });
  if (headTree && (await realpath(opts.patches)) === (await realpath(opts.distGitDir))) carryDirectiveDir(headTree, result.tree); // OpenELA: the branch carries its PATCHES/
  const changes = treeChanges(headTree ?? baseTree, result.tree);
  const changed = changes.added.length + changes.updated.length + changes.removed.length > 0;
  const out: OpenpatchApplyResult = {
    changed,
    effects: result.effects,
    ...changes,
    lookaside: result.uploads.map((u) => ({ path: u.path, hash: u.hash })),
    base,
    ...(source.commit ? { directivesCommit: source.commit } : {}),
  };
  if (opts.dryRun || !changed) return out;
  await storeUploads(result.uploads, opts.lookaside, pkg);
  const message = rebuildMessage({
    subject: opts.message ?? `Apply Open Patch directives from ${source.where}`,
    effects: result.effects,
    ...(base !== head ? { upstreamCommit: base } : {}),
    ...(source.commit ? { directivesCommit: source.commit } : {}),
  });
  const sha = await commitTreeFiles(git, result.tree, { parents: [head], message });
  await landCommit(git, branch, sha, head);
  return { ...out, commitSha: sha };
}
