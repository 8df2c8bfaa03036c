import { DistsyncError } from '../core/errors.js';
import { parseCommitMessage, readPatchTrailers } from '../core/patches/index.js';
import type { PrepAnalysis, PrepShellPatch } from '../core/spec/index.js';
import { readBlob, type CommitInfo, type Git } from '../git/index.js';
import { shellPatchKey } from './import-shell-patch.js';
import { patchReproduces } from './patch-reproduces.js';

/**
 * A commit with `Distsync-prep-patch: F` is the effect of a %prep shell line
 * (`patch -p1 < %{SOURCE91}`), whose file is a SourceN (or a file of the
 * tree), never a PatchN: update-dist-git writes no patch for it. So that
 * dist-git still builds what source-git holds, the commit must still be
 * exactly what the line applies: the file (`.distro/F`, or F in the tree
 * before the commit) applied to the commit's parent gives the commit's tree.
 * A commit changed in source-git, a commit dropped while %prep still applies
 * its file, and a commit whose line is gone are refused, naming the file.
 */
export async function checkShellPatchCommits(git: Git, commits: CommitInfo[], prep: PrepAnalysis, head: string, ignorePaths: string[]): Promise<void> {
  const steps = prep.shellPatches.filter((s) => s.active === 'yes' && s.file !== null);
  const seen = new Set<string>();
  for (const c of commits) {
    const key = readPatchTrailers(parseCommitMessage(c.message), c.sha).prepPatch;
    if (key === undefined) continue;
    seen.add(key);
    const where = `commit ${c.sha.slice(0, 12)} ("${parseCommitMessage(c.message).subject}")`;
    const step = steps.find((s) => shellPatchKey(s) === key);
    if (!step) {
      throw new DistsyncError('bad-patch', `${where} is what a %prep shell line applies (Distsync-prep-patch: ${key}), but .distro's %prep no longer has such a line`, {
        next: `drop the commit (git rebase -i), or remove its Distsync-prep-patch trailer so that it becomes an ordinary PatchN (git commit --amend / git rebase -i, reword), then re-run`,
      });
    }
    const file = await fileOf(git, step, c, head);
    if (file === null) continue; // a lookaside-only SourceN: nothing to compare with here
    const parent = c.parents[0]!;
    const same = await patchReproduces(git, { base: parent, to: c.sha, patch: file.bytes, strip: step.strip, directory: step.directory, ignorePaths });
    if (!same) {
      throw new DistsyncError('bad-patch', `${where} no longer matches ${file.path}, which %prep line ${step.line + 1} applies (\`${step.text}\`); distsync writes PatchN files, never that file from a commit`, {
        next: `put the commit back as it was (git rebase -i) and make the change a new commit on top, which becomes a new PatchN; or change ${file.path} in source-git to match the commit, then re-run`,
      });
    }
  }
  const missing = steps.find((s) => !seen.has(shellPatchKey(s)));
  if (missing) {
    throw new DistsyncError('bad-patch', `%prep line ${missing.line + 1} applies ${shellPatchKey(missing)} (\`${missing.text}\`), but no source-git commit carries 'Distsync-prep-patch: ${shellPatchKey(missing)}': source-git lacks that change, so dist-git would not build what source-git holds`, {
      next: `re-create source-git with distsync source-git init (it replays the line as a commit), or commit that change with the trailer 'Distsync-prep-patch: ${shellPatchKey(missing)}' right where %prep applies it`,
    });
  }
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
