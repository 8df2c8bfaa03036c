import { DistsyncError } from '../core/errors.js';
import { formatCommitMessage, parsePatch, stripOfPatch, stripPath } from '../core/patches/index.js';
import { listTags, type PrepAnalysis, type PrepPatchStep } from '../core/spec/index.js';
import { applyPatch, commitAll, readBlob, type Git } from '../git/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import { hostCopiesBefore } from './host-copies.js';

/** Apply one dist-git patch file in the work repo and commit it with its own authorship and distsync's trailers. */
export async function importPatchCommit(
  git: Git,
  dg: DistGitSnapshot,
  step: PrepPatchStep,
  extraTrailers: { key: string; value: string }[] = [],
  /** The %prep the step belongs to: lets a failure name a host file %prep copies over the patched file. */
  prep?: PrepAnalysis,
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
  const strip = stripOfPatch(step, bytes.toString('utf8'));
  const { method } = await applyPatch(git, bytes, { strip, ...(step.directory ? { directory: step.directory } : {}) }).catch((e: unknown) => {
    if (e instanceof DistsyncError) {
      const paths = parsed.files.map((f) => stripPath(f.newPath ?? f.oldPath ?? '', strip)).filter((x): x is string => x !== null);
      const host = prep ? hostCopiesBefore(prep, step, paths)[0] : undefined;
      if (host) {
        const fromHost = host.origin === 'build host';
        const what = fromHost ? `copies from the build host (${host.text}); distsync cannot reproduce a file of the build host in source-git` : `copies from dist-git (${host.text}); distsync does not replay %prep's copies in source-git, so the patch has nothing to apply to there`;
        throw new DistsyncError('bad-patch', `${step.fileName} (Patch${step.number}) edits ${host.path}, which %prep line ${host.line + 1} ${what}`, {
          file: path,
          // a `cp %{SOURCEn}` line is not replayed in source-git either: only a patch that creates the file is
          next: `remove %prep line ${host.line + 1} and make ${step.fileName} create ${host.path} whole (${fromHost ? `the build host's ${host.from}` : `dist-git's ${host.from}`} with the patch's change, as \`diff -u /dev/null ${host.path}\`): ${host.path} then comes from ${fromHost ? 'dist-git instead of following the build host' : `the patch (drop ${host.from} from dist-git if nothing else uses it)`}, and init imports the patch as a commit`,
          cause: e,
        });
      }
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
