import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { assertSafeRelativePath } from '../core/layout/index.js';
import { formatCommitMessage, parsePatch, stripOfPatch } from '../core/patches/index.js';
import type { PrepShellPatch } from '../core/spec/index.js';
import { applyPatch, commitAll, type Git } from '../git/index.js';
import type { SourceFetcher } from './fetch-sources.js';

/** Trailer on the source-git commit that is the effect of a %prep shell line: its value is shellPatchKey(). */
export const PREP_PATCH_TRAILER = 'Distsync-prep-patch';

/** How a shell step's file is named in the trailer: `%{_sourcedir}/NAME` for a SourceN/PatchN, else its path in the tree. */
export function shellPatchKey(step: PrepShellPatch): string {
  if (!step.file) return '';
  return step.file.in === 'sourcedir' ? `%{_sourcedir}/${step.file.name}` : step.file.path;
}

/** The refusal for a %prep line that applies a patch distsync cannot replay (problem set, or directory unknown). */
export function shellPatchRefusal(step: PrepShellPatch, specPath: string): DistsyncError | null {
  const why = step.problem ?? (step.dirUnknown !== undefined ? `it runs in a directory distsync cannot work out (${step.dirUnknown}); write the pushd/cd directory literally or with %{name}/%{version}/%global macros` : undefined);
  if (why === undefined) return null;
  return new DistsyncError('bad-spec', `%prep line ${step.line + 1} applies a patch distsync cannot replay (\`${step.text}\`): ${why}`, {
    file: specPath,
    line: step.line + 1,
    next: 'change that line in dist-git as said (or make the file a PatchN tag with a %patch line), commit, then re-run distsync source-git init',
  });
}

/**
 * Apply what a %prep shell line applies (a SourceN/PatchN file, or a file
 * of the source tree as it is at that point) and commit it with the
 * Distsync-prep-patch trailer: update-dist-git makes no PatchN from it, and
 * checks that it still matches the file the line applies.
 */
export async function importShellPatch(
  git: Git,
  step: PrepShellPatch,
  ctx: { fetcher: SourceFetcher; specPath: string; distGitHead: string },
): Promise<{ sha: string; patch: string; method: string }> {
  const refusal = shellPatchRefusal(step, ctx.specPath);
  if (refusal) throw refusal;
  const file = step.file!;
  const where = `%prep line ${step.line + 1} (\`${step.text}\`)`;
  let bytes: Buffer;
  if (file.in === 'sourcedir') {
    bytes = await readFile(await ctx.fetcher.get(file.name));
  } else {
    assertSafeRelativePath(file.path);
    bytes = await readFile(join(git.cwd, file.path)).catch(() => {
      throw new DistsyncError('bad-spec', `${where} applies ${file.path}, which is not in the source tree at that point`, {
        file: ctx.specPath,
        line: step.line + 1,
        next: 'check the tarball(s) %setup unpacks and the directory the line runs in, then re-run',
      });
    });
  }
  // without -p, GNU patch finds files by base name: the -pN that does the same for this file
  const { method } = await applyPatch(git, bytes, { strip: stripOfPatch(step, bytes.toString('utf8')), ...(step.directory ? { directory: step.directory } : {}) }).catch((e: unknown) => {
    if (!(e instanceof DistsyncError)) throw e;
    throw new DistsyncError(e.code, `${where}: ${e.message}`, { file: ctx.specPath, line: step.line + 1, next: e.next ?? 'fix the patch file in dist-git', cause: e });
  });
  const key = shellPatchKey(step);
  const display = file.in === 'sourcedir' ? file.name : file.path;
  let parsed: ReturnType<typeof parsePatch> | undefined;
  try {
    parsed = parsePatch(bytes.toString('utf8'), display);
  } catch {
    parsed = undefined;
  }
  const subject = oneLine(parsed?.subject || `Apply ${display} (%prep line ${step.line + 1})`);
  const note = `%prep applies this with a shell line, not a %patch line:\n\n    ${step.text}\n\nupdate-dist-git makes no PatchN from this commit; it checks that the commit still matches ${display}.`;
  const message = formatCommitMessage({
    subject,
    body: parsed?.body ? `${parsed.body.trimEnd()}\n\n${note}` : note,
    trailers: [
      { key: PREP_PATCH_TRAILER, value: key },
      { key: 'From-dist-git-commit', value: ctx.distGitHead },
    ],
  });
  const author = parsed?.author;
  const sha = await commitAll(git, {
    message,
    allowEmpty: true,
    force: true,
    ...(author ? { author: { name: author.name, email: author.email, ...(parsed?.date ? { date: parsed.date } : {}) } } : {}),
  });
  return { sha, patch: display, method };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 500);
}
