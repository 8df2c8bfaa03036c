import {
  parsePatch,
  patchContentId,
  sameBytes,
  sameHunkBodies,
  stripOfPatch,
} from '../core/patches/index.js';
import type { Git } from '../git/index.js';
import { patchReproduces } from './patch-reproduces.js';
import type { PlannedPatch } from './plan-patches.js';

/**
 * True when the old patch file changes exactly what the planned patch
 * changes: the very bytes distsync would write (compared without building
 * them), else the same content id (fast), else the old file applied to the same
 * base gives the same tree (another diff program placed hunks differently).
 */
export async function samePatchContent(git: Git, old: Buffer, p: PlannedPatch, ignorePaths: string[]): Promise<boolean> {
  if (sameBytes(old, p.parts())) return true;
  const text = old.toString('utf8');
  // without -p (bare %autopatch) rpm applies the old file by base names, whatever prefix it has
  const oldStrip = stripOfPatch(p, text);
  try {
    const oldDiff = parsePatch(text).diff;
    // the same changes AND the same hunk lines: applies the same way (a context line edited by hand would not)
    if (patchContentId(oldDiff, oldStrip) === patchContentId(p.diff, p.strip) && sameHunkBodies(oldDiff, p.diff)) return true;
  } catch {
    // our parser refuses it: rpm's patch may still apply it (asked below)
  }
  return patchReproduces(git, { base: p.base, to: p.to, patch: old, strip: oldStrip, directory: p.directory, ignorePaths });
}
