import { DistsyncError } from '../core/errors.js';
import { analysePrep, expandMacros, listTags, type MacroContext, type SpecDocument } from '../core/spec/index.js';
import type { PatchSpecFacts } from './plan-patches.js';

/** Facts about the spec that patch planning needs, computed once. */
export function specFacts(spec: SpecDocument, ctx: MacroContext): PatchSpecFacts {
  const prep = analysePrep(spec, ctx);
  const numberByFile = new Map<string, number>();
  for (const tag of listTags(spec, 'Patch')) {
    const { value, unresolved } = expandMacros(spec, tag.value, ctx);
    const file = value.split('/').pop() ?? value;
    if (unresolved.length > 0 && /[%{}]/.test(file)) {
      throw new DistsyncError('bad-spec', `Patch${tag.number ?? ''} names '${tag.value}', which needs macros distsync will not evaluate (${unresolved.join(', ')})`, {
        file: spec.file,
        line: tag.line + 1,
        next: 'write the patch file name literally or with %{name}/%{version}/%global macros',
      });
    }
    numberByFile.set(file, tag.rpmNumber ?? tag.number ?? 0);
  }
  const lastStep = [...prep.steps].reverse().find((s) => s.active !== 'no');
  const defaultStrip = prep.setup?.macro === 'autosetup' ? prep.setup.strip ?? 0 : lastStep?.strip ?? 1;
  const setupLine = prep.setup ? spec.lines[prep.setup.line]?.text ?? '' : '';
  const appliesWithGit = /\s-S\s*git(_am)?\b/.test(setupLine);
  return { prep, numberByFile, defaultStrip, appliesWithGit };
}
