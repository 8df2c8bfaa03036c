import { DistsyncError } from '../core/errors.js';
import type { PatchGroup } from '../core/patches/group-patch-commits.js';
import { parseCommitMessage, readPatchTrailers, stripOfPatch } from '../core/patches/index.js';
import type { PrepAnalysis, PrepShellPatch } from '../core/spec/index.js';
import { readBlob, type CommitInfo, type Git } from '../git/index.js';
import { shellPatchKey } from './import-shell-patch.js';
import { combinedTree } from './combined-tree.js';
import { patchReproduces } from './patch-reproduces.js';

/**
 * A commit with `Distsync-prep-patch: F` is the effect of a %prep shell line
 * (`patch -p1 < %{SOURCE91}`), whose file is a SourceN (or a file of the
 * tree), never a PatchN: update-dist-git writes no patch for it. So that
 * dist-git still builds what source-git holds, the commit must still be
 * exactly what the line applies: the file (`.distro/F`, or F in the tree
 * before the commit) applied to the commit's parent gives the commit's tree.
 * Later commits with the same trailer (the file changed in dist-git and
 * carried back) count as squashed into the first. A commit changed in
 * source-git, a commit dropped while %prep still applies its file, and a
 * commit whose line is gone are refused, naming the file.
 */
export async function checkShellPatchCommits(
  git: Git,
  commits: CommitInfo[],
  prep: PrepAnalysis,
  head: string,
  ignorePaths: string[],
  diffs: Map<string, string>,
): Promise<void> {
  const steps = prep.shellPatches.filter((s) => s.active === 'yes' && s.file !== null);
  // later commits with the same key (a change of the file carried back from dist-git) fold into the first
  const groups = new Map<string, CommitInfo[]>();
  for (const c of commits) {
    const key = readPatchTrailers(parseCommitMessage(c.message), c.sha).prepPatch;
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, group] of groups) {
    const first = group[0]!;
    const where = `commit ${first.sha.slice(0, 12)} ("${parseCommitMessage(first.message).subject}")`;
    const base = first.parents[0]!;
    const to = group.length === 1 ? first.sha : await combinedTree(git, base, asGroup(key, group), diffs);
    const step = steps.find((s) => shellPatchKey(s) === key);
    if (!step) {
      if (await sameTree(git, base, to, ignorePaths)) continue; // applied, then taken out with its line: nothing left
      throw new DistsyncError('bad-patch', `${where} is what a %prep shell line applies (Distsync-prep-patch: ${key}), but .distro's %prep no longer has such a line`, {
        next: `drop the commit (git rebase -i), or remove its Distsync-prep-patch trailer so that it becomes an ordinary PatchN (git commit --amend / git rebase -i, reword), then re-run`,
      });
    }
    const file = await fileOf(git, step, first, head);
    if (file === null) continue; // a lookaside-only SourceN: nothing to compare with here
    const same = await patchReproduces(git, { base, to, patch: file.bytes, strip: stripOfPatch(step, file.bytes.toString('utf8')), directory: step.directory, ignorePaths });
    if (!same) {
      throw new DistsyncError('bad-patch', `${where}${group.length > 1 ? ` (with ${group.length - 1} later commit(s) of the same file)` : ''} no longer matches ${file.path}, which %prep line ${step.line + 1} applies (\`${step.text}\`); distsync writes PatchN files, never that file from a commit`, {
        next: `put the commit back as it was (git rebase -i) and make the change a new commit on top, which becomes a new PatchN; or change ${file.path} in source-git to match the commit, then re-run`,
      });
    }
  }
  const missing = steps.find((s) => !groups.has(shellPatchKey(s)));
  if (missing) {
    throw new DistsyncError('bad-patch', `%prep line ${missing.line + 1} applies ${shellPatchKey(missing)} (\`${missing.text}\`), but no source-git commit carries 'Distsync-prep-patch: ${shellPatchKey(missing)}': source-git lacks that change, so dist-git would not build what source-git holds`, {
      next: `re-create source-git with distsync source-git init (it replays the line as a commit), or commit that change with the trailer 'Distsync-prep-patch: ${shellPatchKey(missing)}' right where %prep applies it`,
    });
  }
}

function asGroup(key: string, commits: CommitInfo[]): PatchGroup<CommitInfo> {
  const message = parseCommitMessage(commits[0]!.message);
  return { commits, message, trailers: readPatchTrailers(message, commits[0]!.sha), name: key, contiguous: false, position: 0 };
}

async function sameTree(git: Git, a: string, b: string, ignorePaths: string[]): Promise<boolean> {
  const res = await git.run(['diff', '--quiet', a, b, '--', '.', ...ignorePaths.map((x) => `:(exclude)${x}`)], { allowFail: true });
  return res.code === 0;
}

async function fileOf(git: Git, step: PrepShellPatch, c: CommitInfo, head: string): Promise<{ path: string; bytes: Buffer } | null> {
  const file = step.file!;
  const path = file.in === 'sourcedir' ? `.distro/${file.name}` : file.path;
  const at = file.in === 'sourcedir' ? head : c.parents[0]!;
  const res = await git.run(['cat-file', '-e', `${at}:${path}`], { allowFail: true });
  if (res.code !== 0) {
    if (file.in === 'sourcedir') return null;
    throw new DistsyncError('bad-patch', `commit ${c.sha.slice(0, 12)} is what %prep line ${step.line + 1} applies from ${path}, but ${path} is not in the tree before it`, {
      next: 'put the commit back right after the commit that brings that file (git rebase -i), then re-run',
    });
  }
  return { path, bytes: await readBlob(git, at, path) };
}
