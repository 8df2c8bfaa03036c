import { patchContentId } from '../core/patches/index.js';
import type { PlannedPatch } from './plan-patches.js';
import type { UntaggedPatch } from './untagged-patches.js';

/**
 * What becomes of dist-git's untagged patch files (readUntaggedPatches) once
 * the patches are planned: one a patch took by name is adopted (it gets the
 * tag, and is kept or rewritten like any file the plan names: never a second
 * copy); one with the same change as a patch written under another name (the
 * commit's Patch-name wins, or a tagged file already holds it) is a duplicate
 * rpm never applies, and goes. Any other untagged file is left as it is.
 */
export function settleTwins(untagged: readonly UntaggedPatch[], patches: readonly PlannedPatch[]): { notes: string[]; duplicates: string[] } {
  const notes: string[] = [];
  const duplicates: string[] = [];
  const byName = new Map(patches.map((p) => [p.name, p]));
  const rest = untagged.filter((u) => {
    const p = byName.get(u.file);
    if (p) notes.push(`${u.file} had no Patch tag in dist-git: it is tagged now, as the patch of ${commitOf(p)}`);
    return !p;
  });
  if (rest.length === 0) return { notes, duplicates };
  const byId = new Map<string, PlannedPatch>();
  for (const p of patches) {
    const id = contentId(p);
    if (id !== undefined && !byId.has(id)) byId.set(id, p);
  }
  for (const u of rest) {
    const p = byId.get(u.id);
    if (!p) continue;
    duplicates.push(u.file);
    notes.push(`${u.file} removed: dist-git had it without a Patch tag, with the same change as ${p.name} (${commitOf(p)})`);
  }
  return { notes, duplicates };
}

function contentId(p: PlannedPatch): string | undefined {
  try {
    return patchContentId(p.diff, p.strip);
  } catch {
    return undefined;
  }
}

function commitOf(p: PlannedPatch): string {
  const first = p.group.commits[0]!;
  return `commit ${first.sha.slice(0, 12)}, "${p.group.message.subject}"`;
}
