import { DistsyncError } from '../core/errors.js';
import { listTags, tagFileName, type MacroContext, type SpecDocument } from '../core/spec/index.js';

/** File name rpm uses for SourceN / PatchN: the last path segment of the value expanded where rpm reads the tag (URLs and '#/' fragments included). */
export function specFileName(spec: SpecDocument, kind: 'Source' | 'Patch', number: number, ctx: MacroContext): string {
  const tag = listTags(spec, kind).find((t) => (t.rpmNumber ?? t.number ?? 0) === number);
  if (!tag) {
    throw new DistsyncError('bad-spec', `the spec has no ${kind}${number} tag`, {
      file: spec.file,
      next: `add ${kind}${number}: to the spec or fix the %setup/%patch line that names it`,
    });
  }
  return tagFileName(spec, tag, ctx);
}
