import { parsePatch, patchContentId, stripOfPatch } from '../core/patches/index.js';
import { listTags, newPatchSlot, tagFileName, type MacroContext, type PrepAnalysis, type SpecDocument } from '../core/spec/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import type { PlanMemo } from './plan-memo.js';

/** A patch file dist-git holds that nothing uses, and what it changes. */
export interface UntaggedPatch {
  file: string;
  /** patchContentId at the -p a new Patch tag would be applied with (as a file adopted by a tag would be). */
  id: string;
  /** The name can stand in a PatchN: line as it is (rpm macro-expands the value): only such a file is adopted. */
  taggable: boolean;
}

const TAGGABLE = /^[A-Za-z0-9_+~][A-Za-z0-9._+~@=,-]*$/;

/**
 * Patch files dist-git holds that no spec uses: `*.patch` / `*.diff` in the
 * sources directory that no Patch or Source tag of either spec names, that
 * neither spec mentions by name (a `%{_sourcedir}/NAME` shell line, a
 * comment), and that source-git does not keep in `.distro/` (`keep`).
 * rpm never applies such a file; when a source-git commit makes the same
 * patch, the file is that commit's patch under another name (issue 11).
 * Files distsync cannot parse as a patch are left out (never touched).
 */
export async function readUntaggedPatches(
  dg: DistGitSnapshot,
  specs: readonly SpecDocument[],
  keep: ReadonlySet<string>,
  prep: PrepAnalysis,
  ctx: MacroContext,
  memo: PlanMemo,
): Promise<UntaggedPatch[]> {
  if (!dg.head) return [];
  const dir = dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/` : '';
  const used = namesUsed(specs, ctx);
  const texts = specs.map((s) => s.lines.map((l) => l.text).join('\n'));
  const files = dg.files
    .filter((p) => p.startsWith(dir) && !p.slice(dir.length).includes('/') && /\.(patch|diff)$/.test(p))
    .map((p) => p.slice(dir.length))
    .filter((f) => !used.has(f) && !keep.has(f) && !texts.some((t) => t.includes(f)));
  if (files.length === 0) return [];
  const bytes = await memo.blobs(dg.git, dg.head, files.map((f) => dir + f));
  const slot = newPatchSlot(prep);
  const out: UntaggedPatch[] = [];
  for (const file of files) {
    const text = bytes.get(dir + file)?.toString('utf8');
    if (text === undefined) continue;
    try {
      out.push({ file, id: patchContentId(parsePatch(text).diff, stripOfPatch(slot, text)), taggable: TAGGABLE.test(file) });
    } catch {
      // not a patch distsync reads: not taken for one
    }
  }
  return out;
}

/** File names of every Source and Patch tag that can be read without rpm. */
function namesUsed(specs: readonly SpecDocument[], ctx: MacroContext): Set<string> {
  const names = new Set<string>();
  for (const spec of specs) {
    for (const tag of [...listTags(spec, 'Source'), ...listTags(spec, 'Patch')]) {
      try {
        names.add(tagFileName(spec, tag, ctx));
      } catch {
        // a name only rpm computes: the spec-text check still sees a literal name
      }
    }
  }
  return names;
}
