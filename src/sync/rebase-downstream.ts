import { parseCommitMessage, readPatchTrailers } from '../core/patches/index.js';
import { commitAll, type CommitInfo, type Git } from '../git/index.js';

export interface RebaseEntry { sha: string; subject: string; patch?: string }
export interface RebaseReport {
  mergedUpstream: (RebaseEntry & { how: 'same-patch' | 'applies-empty' })[];
  rebased: (RebaseEntry & { newSha: string })[];
  /** `after`: an earlier conflicting commit that touched the same files (this one may only conflict because that one is missing). */
  conflicts: (RebaseEntry & { files: string[]; after?: string })[];
}

/**
 * Carry downstream commits onto the work repo's HEAD (the new upstream tag),
 * one by one with a 3-way cherry-pick. A commit whose patch upstream already
 * has (same `git patch-id`) or that applies as empty is dropped as merged
 * upstream. Conflicts are recorded (with the files) and skipped so that one
 * run reports all of them; the caller decides to write nothing then.
 */
export async function rebaseDownstream(
  git: Git,
  commits: CommitInfo[],
  ids: { downstream: Map<string, string>; upstream: Set<string> },
): Promise<RebaseReport> {
  const report: RebaseReport = { mergedUpstream: [], rebased: [], conflicts: [] };
  const skipped: { name: string; files: Set<string> }[] = [];
  for (const c of commits) {
    const message = parseCommitMessage(c.message);
    const trailers = readPatchTrailers(message, c.sha);
    const entry: RebaseEntry = { sha: c.sha, subject: message.subject, ...(trailers.patchName ? { patch: trailers.patchName } : {}) };
    const id = ids.downstream.get(c.sha);
    if (id && ids.upstream.has(id)) {
      report.mergedUpstream.push({ ...entry, how: 'same-patch' });
      continue;
    }
    const pick = await git.run(['cherry-pick', '--no-commit', '--allow-empty', c.sha], { allowFail: true });
    if (pick.code !== 0) {
      const unmerged = await git.run(['diff', '--name-only', '--diff-filter=U'], { allowFail: true });
      const files = unmerged.stdout.split('\n').filter(Boolean);
      const earlier = skipped.find((k) => files.some((f) => k.files.has(f)) || c.files.some((f) => k.files.has(f)));
      report.conflicts.push({ ...entry, files, ...(earlier ? { after: earlier.name } : {}) });
      skipped.push({ name: entry.patch ?? entry.subject, files: new Set(c.files) });
      await git.run(['cherry-pick', '--abort'], { allowFail: true });
      await git.run(['reset', '-q', '--hard', 'HEAD']);
      continue;
    }
    const staged = await git.run(['diff', '--cached', '--quiet'], { allowFail: true });
    if (staged.code === 0) {
      report.mergedUpstream.push({ ...entry, how: 'applies-empty' });
      await git.run(['reset', '-q', '--hard', 'HEAD']);
      continue;
    }
    const newSha = await commitAll(git, { message: c.message, author: c.author, force: true });
    report.rebased.push({ ...entry, newSha });
  }
  return report;
}

export function formatRebaseReport(r: RebaseReport): string[] {
  const name = (e: RebaseEntry) => `${e.patch ?? e.subject} (${e.sha.slice(0, 12)})`;
  return [
    ...r.mergedUpstream.map((e) => `merged upstream: ${name(e)}${e.how === 'applies-empty' ? ' — applies as empty' : ' — same patch upstream'}`),
    ...r.rebased.map((e) => `rebased: ${name(e)}`),
    ...r.conflicts.map((e) => `CONFLICT: ${name(e)} in ${e.files.join(', ') || '(see git cherry-pick)'}${e.after ? ` (after the conflict in ${e.after})` : ''}`),
  ];
}
