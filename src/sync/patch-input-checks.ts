import { DistsyncError } from '../core/errors.js';
import type { PatchGroup } from '../core/patches/group-patch-commits.js';
import type { NewPatchSlot } from '../core/spec/index.js';
import type { CommitInfo } from '../git/index.js';
import type { PlannedPatch } from './plan-patches.js';

/* What a planned patch must satisfy before it is written: size, UTF-8 messages, a slot %prep can apply it in. */

/** Default largest patch file update-dist-git writes: 10 MB. */
export const MAX_PATCH_BYTES = 10 * 1024 * 1024;

/** A patch file about to be written (new or changed) must stay under the limit; one dist-git keeps as it is never counts. */
export function assertPatchSize(p: Pick<PlannedPatch, 'name' | 'diff' | 'group'>, max: number): void {
  const { name, group } = p;
  const size = Buffer.byteLength(p.diff, 'utf8');
  if (size <= max) return;
  const shas = group.commits.map((c) => c.sha.slice(0, 12)).join(', ');
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  throw new DistsyncError('bad-patch', `patch ${name} from commit ${shas} ("${group.message.subject}") would be ${mb(size)}, over the ${mb(max)} limit`, {
    next: 'ship large generated or binary content as a SourceN in the lookaside cache instead, or raise the limit with --max-patch-size <MB>',
  });
}

/**
 * git hands distsync messages as UTF-8; bytes that are not (a Latin-1 commit
 * without an encoding header) would come out as U+FFFD in the patch file.
 * Refuse instead of writing a changed message.
 */
export function assertUtf8Messages(group: PatchGroup<CommitInfo>): void {
  const bad = group.commits.find((c) => c.message.includes('\uFFFD') || c.author.name.includes('\uFFFD'));
  if (!bad) return;
  throw new DistsyncError('bad-patch', `commit ${bad.sha.slice(0, 12)} has a message or author name that is not valid UTF-8; its patch file would not keep those bytes`, {
    next: `reword it in UTF-8 (git rebase -i, reword), or give it an encoding header (git -c i18n.commitEncoding=<charset> commit --amend), then re-run`,
  });
}

/** A new patch must be writable for the step that will apply it. */
export function assertSlotFits(slot: NewPatchSlot, group: PatchGroup<CommitInfo>, sha: string): void {
  const files = [...new Set(group.commits.flatMap((c) => c.files))];
  const where = `commit ${sha.slice(0, 12)} ("${group.message.subject}")`;
  if (slot.dirUnknown !== undefined) {
    throw new DistsyncError('bad-spec', `${where} would be a new patch, but %prep applies patches in a directory distsync cannot work out (${slot.dirUnknown})`, {
      next: 'write the pushd/cd directory of %prep literally or with %{name}/%{version}/%global macros, or give the commit a Patch-id trailer of an existing %patch line',
    });
  }
  const outside = files.filter((f) => slot.directory !== '' && !f.startsWith(`${slot.directory}/`));
  if (outside.length > 0) {
    throw new DistsyncError('bad-spec', `${where} changes ${outside.slice(0, 3).join(', ')}, outside ${slot.directory}/ where %prep applies patches`, {
      next: `split the commit so each part changes files under one directory %prep applies patches in, or add a %patch line for the top directory`,
    });
  }
  const nested = slot.stripMode === 'basename' ? files.filter((f) => f.includes('/')) : [];
  if (nested.length > 0) {
    throw new DistsyncError('bad-spec', `${where} changes ${nested[0]}, but %autopatch/%autosetup without -p makes rpm run patch without -p, which only finds files by their base name`, {
      next: 'add -p1 to the %autosetup/%autopatch line (then re-run), or keep the change to top-level files',
    });
  }
}
