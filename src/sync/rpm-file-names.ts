import { DistsyncError } from '../core/errors.js';
import { expandMacros, listTags, runsCode, tagFileName, type MacroContext, type SpecDocument, type SpecTag } from '../core/spec/index.js';

/** A Source/Patch tag whose file name needs a %(…)/%{lua:…}, and the text that asks rpm for its own name of it. */
export interface FileNameProbe {
  tag: SpecTag;
  text: string;
}

/** The SourceN/PatchN tags whose name only rpm can compute: rpm's `%{SOURCEn}` / `%{PATCHn}` tells the name it read. */
export function fileNameProbes(spec: SpecDocument, ctx: MacroContext): FileNameProbe[] {
  const tags = [...listTags(spec, 'Source'), ...listTags(spec, 'Patch')].filter((t) => t.rpmNumber !== null && t.rpmNumber !== undefined);
  const plain = { ...ctx, evaluated: {} };
  return tags
    .filter((t) => expandMacros(spec, t.value, { ...plain, line: t.line }).unresolved.some(runsCode))
    .map((t) => ({ tag: t, text: `%{${t.name.toUpperCase()}${t.rpmNumber}}` }));
}

/**
 * distsync takes each %(…)'s value as rpm gives it at the end of the spec; rpm
 * names a file when it reads its tag. Where the two differ (the code depends on
 * a macro redefined later), refuse rather than use a wrong name.
 */
export function checkFileNames(spec: SpecDocument, ctx: MacroContext, probes: readonly FileNameProbe[], rpmValues: Readonly<Record<string, string>>): void {
  for (const { tag, text } of probes) {
    const path = rpmValues[text];
    if (path === undefined || path.includes('%{')) continue; // a tag rpm did not read here (a false %if)
    const theirs = path.slice(path.lastIndexOf('/') + 1);
    let ours: string;
    try {
      ours = tagFileName(spec, tag, ctx);
    } catch {
      continue; // reported where the name is used
    }
    if (ours === theirs) continue;
    const label = `${tag.name}${tag.number ?? ''}`;
    throw new DistsyncError('rpm-eval-failed', `${label}: distsync reads the file name '${ours}', rpm reads '${theirs}': a %(…)/%{lua:…} in it gives another value where rpm reads the tag than at the end of the spec, where --eval-with-rpm asks rpm`, {
      ...(spec.file !== undefined ? { file: spec.file } : {}),
      line: tag.line + 1,
      next: 'make the %(…)/%{lua:…} not depend on macros redefined later in the spec, or write the file name literally',
    });
  }
}
