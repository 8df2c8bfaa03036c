import { DistsyncError } from '../core/errors.js';
import { expandMacros, listTags, type MacroContext, type SpecDocument } from '../core/spec/index.js';

/** File name rpm uses for SourceN / PatchN: the last path segment of the expanded value (URLs and '#/' fragments included). */
export function specFileName(spec: SpecDocument, kind: 'Source' | 'Patch', number: number, ctx: MacroContext): string {
  const tag = listTags(spec, kind).find((t) => (t.rpmNumber ?? t.number ?? 0) === number);
  if (!tag) {
    throw new DistsyncError('bad-spec', `the spec has no ${kind}${number} tag`, {
      file: spec.file,
      next: `add ${kind}${number}: to the spec or fix the %setup/%patch line that names it`,
    });
  }
  const { value, unresolved } = expandMacros(spec, tag.value, ctx);
  const file = value.split('/').pop() ?? '';
  if (!file || /[%{}]/.test(file) || file === '..' || file === '.') {
    throw new DistsyncError('bad-spec', `${kind}${number} names '${tag.value}', which does not expand to a plain file name${unresolved.length ? ` (unresolved: ${unresolved.join(', ')})` : ''}`, {
      file: spec.file,
      line: tag.line + 1,
      next: 'write the file name literally or with %{name}/%{version}/%global macros',
    });
  }
  return file;
}
