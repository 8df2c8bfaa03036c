import { analysePrep, listTags, newPatchSlot, tagFileName, type MacroContext, type SpecDocument } from '../core/spec/index.js';
import type { PatchSpecFacts } from './plan-patches.js';

/** Facts about the spec that patch planning needs, computed once. */
export function specFacts(spec: SpecDocument, ctx: MacroContext): PatchSpecFacts {
  const prep = analysePrep(spec, ctx);
  const numberByFile = patchNumbersByFile(spec, ctx);
  const defaultStrip = newPatchSlot(prep).strip;
  const setupLine = prep.setup ? spec.lines[prep.setup.line]?.text ?? '' : '';
  const appliesWithGit = /\s-S\s*git(_am)?\b/.test(setupLine);
  return { prep, numberByFile, defaultStrip, appliesWithGit };
}

/** Patch file name (basename, macros expanded) → number of its Patch tag: specFacts' numberByFile, without analysing %prep. */
export function patchNumbersByFile(spec: SpecDocument, ctx: MacroContext): Map<string, number> {
  const numberByFile = new Map<string, number>();
  // each name read where rpm reads its tag; an unexpanded macro in a name is refused (tagFileName)
  for (const tag of listTags(spec, 'Patch')) numberByFile.set(tagFileName(spec, tag, ctx), tag.rpmNumber ?? tag.number ?? 0);
  return numberByFile;
}
