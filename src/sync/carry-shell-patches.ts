import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { assertSafeRelativePath } from '../core/layout/index.js';
import { formatCommitMessage, stripOfPatch, type Trailer } from '../core/patches/index.js';
import { analysePrep, type MacroContext, type PrepShellPatch } from '../core/spec/index.js';
import { applyPatch, commitAll, readBlob, type CommitInfo, type Git } from '../git/index.js';
import { PREP_PATCH_TRAILER, shellPatchKey } from './import-shell-patch.js';
import type { DistGitSnapshot } from './read-dist-git.js';

/**
 * The %prep shell patch lines of one hand-made dist-git commit → source-git:
 * a line added, a line removed, or the SourceN file a line applies changed
 * make one commit each (the old file taken out, the new one applied), with
 * the line's Distsync-prep-patch trailer, so update-dist-git folds it into
 * the commit init made for that line.
 */
export async function carryShellPatches(git: Git, commit: CommitInfo, before: DistGitSnapshot, after: DistGitSnapshot, ctx: MacroContext): Promise<string[]> {
  const old = shellSteps(before, ctx);
  const now = shellSteps(after, ctx);
  const changed = new Set(commit.files);
  const made: string[] = [];
  for (const key of new Set([...now.keys(), ...old.keys()])) {
    const was = old.get(key);
    const is = now.get(key);
    const fileChanged = is?.file?.in === 'sourcedir' && changed.has(sourcePath(after, is.file.name));
    if (was && is && !fileChanged) continue;
    if (was) await takeOut(git, was, await fileBytes(git, before, was));
    if (is) {
      const bytes = await fileBytes(git, after, is);
      await applyPatch(git, bytes, { strip: stripOfPatch(is, bytes.toString('utf8')), ...(is.directory ? { directory: is.directory } : {}) });
    }
    const what = !was ? 'Apply' : !is ? 'Take out' : 'Update';
    const line = (is ?? was)!;
    const trailers: Trailer[] = [{ key: PREP_PATCH_TRAILER, value: key }, { key: 'From-dist-git-commit', value: commit.sha }];
    const body = `dist-git ${commit.sha.slice(0, 12)} ${!was ? 'added' : !is ? 'removed' : 'changed the file of'} the %prep line:\n\n    ${line.text}`;
    made.push(await commitAll(git, { message: formatCommitMessage({ subject: `${what} ${key} (%prep shell line)`, body, trailers }), author: commit.author, force: true, allowEmpty: true }));
  }
  return made;
}

function shellSteps(dg: DistGitSnapshot, ctx: MacroContext): Map<string, PrepShellPatch> {
  const out = new Map<string, PrepShellPatch>();
  if (!dg.head) return out;
  for (const s of analysePrep(dg.spec, ctx).shellPatches) if (s.active === 'yes' && s.file && !s.problem) out.set(shellPatchKey(s), s);
  return out;
}

function sourcePath(dg: DistGitSnapshot, name: string): string {
  return dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${name}` : name;
}

/** The patch a line applies: its SourceN from that dist-git commit, or the file in source-git's tree. */
async function fileBytes(git: Git, dg: DistGitSnapshot, step: PrepShellPatch): Promise<Buffer> {
  const file = step.file!;
  if (file.in === 'tree') {
    assertSafeRelativePath(file.path);
    return readFile(join(git.cwd, file.path));
  }
  const path = sourcePath(dg, file.name);
  if (!dg.files.includes(path)) {
    throw new DistsyncError('conflict', `%prep line ${step.line + 1} (\`${step.text}\`) applies ${file.name}, which is not in dist-git (a lookaside file): distsync cannot carry its change into source-git`, {
      next: `apply the change in source-git by hand as a commit with the trailer '${PREP_PATCH_TRAILER}: ${shellPatchKey(step)}'`,
    });
  }
  return readBlob(dg.git, dg.head!, path);
}

async function takeOut(git: Git, step: PrepShellPatch, bytes: Buffer): Promise<void> {
  const dir = step.directory ? [`--directory=${step.directory}`] : [];
  const res = await git.run(['apply', '-R', '--index', `-p${stripOfPatch(step, bytes.toString('utf8'))}`, ...dir, '--whitespace=nowarn', '-'], { input: bytes, allowFail: true });
  if (res.code !== 0) {
    throw new DistsyncError('conflict', `cannot take out what %prep line ${step.line + 1} (\`${step.text}\`) applied from source-git: ${res.stderr.split('\n')[0] ?? ''}`, {
      next: `a later source-git commit changes the same lines; carry this dist-git commit back by hand (git apply -R the old file, apply the new one, commit with '${PREP_PATCH_TRAILER}: ${shellPatchKey(step)}')`,
    });
  }
}
