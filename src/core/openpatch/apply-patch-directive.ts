import type { FileStep } from './apply-file-directives.js';
import { fromBinary, toBinary } from './binary-string.js';
import { directiveError } from './directive-error.js';
import { cleanPath, sourcesPath } from './repo-path.js';
import { applyHunks, readFilePatches } from './unified-diff.js';
import { refOf } from './validate-cfg.js';

/**
 * patch: a diff from the patch repository applied to the dist-git tree itself (the spec, SOURCES/,
 * even a .patch file in SOURCES/), strictly; names without SOURCES/ or SPECS/ get SOURCES/ unless strict.
 */
export function applyPatchDirective(s: FileStep): void {
  s.parsed.cfg.patch.forEach((p, i) => {
    const ref = refOf(s.parsed, 'patch', p, i);
    const file = s.patchTree.get(cleanPath(ref, p.file!));
    if (!file) throw directiveError(ref, `patch file '${p.file}' is not in the patch repository (srpmproc: COULD_NOT_OPEN_PATCH_FILE)`, `add ${p.file} to the patch repository, or fix the path`);
    const patches = readFilePatches(toBinary(file.data));
    if (patches.length === 0) throw directiveError(ref, `${p.file} has no file diffs (srpmproc: COULD_NOT_PARSE_PATCH_FILE)`, 'regenerate it with git format-patch or diff -u');
    const where = (name: string) => (p.strict ? cleanPath(ref, name) : sourcesPath(ref, name));
    const touched: string[] = [];
    for (const fp of patches) {
      const name = fp.newName ?? fp.oldName;
      if (name === null) throw directiveError(ref, `${p.file} has a file diff without names`, 'regenerate the patch');
      if (fp.binary) throw directiveError(ref, `${p.file} changes ${name} in binary form, which cannot be applied here`, 'use replace { with_file } for binary files');
      if (fp.newName === null) {
        const target = where(fp.oldName!);
        if (!s.tree.delete(target)) throw directiveError(ref, `${p.file} deletes ${target}, which is not in the dist-git tree`, 'rebase the patch on the current dist-git tree');
        touched.push(`${target} deleted`);
        continue;
      }
      const target = where(fp.newName);
      const sourceName = fp.oldName === null ? null : where(fp.oldName);
      const subject = sourceName === null ? undefined : s.tree.get(sourceName);
      if (sourceName !== null && !subject) {
        throw directiveError(ref, `${p.file} changes ${sourceName}, which is not in the dist-git tree (srpmproc: COULD_NOT_OPEN_PATCH_SUBJECT:${sourceName})`, p.strict ? 'fix the paths in the patch' : 'fix the paths in the patch, or set strict: true if they are already repository paths');
      }
      const r = applyHunks(subject ? toBinary(subject.data) : '', fp.hunks);
      if (!r.ok) {
        throw directiveError(ref, `${p.file} does not apply to ${sourceName ?? target}: hunk '${r.hunk.header}' does not match at line ${r.line} (srpmproc: COULD_NOT_APPLY_PATCH_WITH_SUBJECT:${target})`, `rebase ${p.file} on the new ${sourceName ?? target} (no fuzz is allowed)`);
      }
      if (sourceName !== null && sourceName !== target) s.tree.delete(sourceName);
      s.tree.set(target, { data: fromBinary(r.text), mode: subject?.mode ?? '100644' });
      touched.push(`${target} ${subject ? `patched (${fp.hunks.length} hunk${fp.hunks.length === 1 ? '' : 's'})` : 'created'}`);
    }
    s.effects.push({ ...ref, summary: `${p.file}: ${touched.join(', ')}` });
  });
}
