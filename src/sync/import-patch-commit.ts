import { DistsyncError } from '../core/errors.js';
import { formatCommitMessage, parsePatch } from '../core/patches/index.js';
import { listTags, type PrepPatchStep } from '../core/spec/index.js';
import { applyPatch, commitAll, readBlob, type Git } from '../git/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';

/** Apply one dist-git patch file in the work repo and commit it with its own authorship and distsync's trailers. */
export async function importPatchCommit(
  git: Git,
  dg: DistGitSnapshot,
  step: PrepPatchStep,
  extraTrailers: { key: string; value: string }[] = [],
): Promise<{ sha: string; patch: string; method: string }> {
  const path = dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${step.fileName}` : step.fileName;
  if (!dg.files.includes(path)) {
    throw new DistsyncError('bad-patch', `Patch${step.number} names ${step.fileName}, which is not in dist-git (${path})`, {
      file: dg.layout.specPath,
      next: `add ${path} to dist-git or remove Patch${step.number} from the spec`,
    });
  }
  const bytes = await readBlob(dg.git, dg.head!, path);
  const parsed = parsePatch(bytes.toString('utf8'), path);
  const { method } = await applyPatch(git, bytes, { strip: step.strip, ...(step.directory ? { directory: step.directory } : {}) }).catch((e: unknown) => {
    if (e instanceof DistsyncError) {
      throw new DistsyncError(e.code, `${step.fileName} (Patch${step.number}): ${e.message}`, { file: path, next: e.next ?? 'fix the patch in dist-git', cause: e });
    }
    throw e;
  });
  const tag = listTags(dg.spec, 'Patch').find((t) => (t.rpmNumber ?? t.number ?? 0) === step.number);
  const status = tag?.commentAbove.join(' ').trim();
  const trailers = [
    { key: 'Patch-name', value: step.fileName },
    { key: 'Patch-id', value: String(step.number) },
    ...(status ? [{ key: 'Patch-status', value: oneLine(status) }] : []),
    { key: 'From-dist-git-commit', value: dg.head! },
    ...extraTrailers,
  ];
  const message = formatCommitMessage({ subject: oneLine(parsed.subject || `Apply ${step.fileName}`), body: parsed.body, trailers });
  const sha = await commitAll(git, {
    message,
    allowEmpty: true,
    force: true,
    ...(parsed.author ? { author: { name: parsed.author.name, email: parsed.author.email, ...(parsed.date ? { date: parsed.date } : {}) } } : {}),
  });
  return { sha, patch: step.fileName, method };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 500);
}
