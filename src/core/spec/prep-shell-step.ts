import { conditionTexts } from './conditionals.js';
import type { Evaluation } from './evaluate.js';
import { resolveDir, segments, type DirTracker } from './prep-dirs.js';
import { appliesPatch, readShellPatch } from './prep-shell-patch.js';
import type { PrepShellPatch } from './types.js';

/** The step of a %prep shell line that applies a patch (null for any other line). */
export function shellPatchStep(ev: Evaluation, line: number, expanded: string, dirs: DirTracker, stepsBefore: number): PrepShellPatch | null {
  if (!appliesPatch(expanded)) return null;
  const read = readShellPatch(expanded);
  const where = dirs.describe(read.dirOption);
  const step: PrepShellPatch = {
    line,
    text: ev.s.texts[line]!.trim(),
    tool: read.tool,
    file: null,
    strip: read.strip,
    stripMode: read.stripMode,
    ...where,
    conditions: conditionTexts(ev.s.cond.scopeOf[line] ?? null),
    active: ev.active(line),
    stepsBefore,
  };
  if (read.backupSuffix !== undefined) step.backupSuffix = read.backupSuffix;
  if (read.problem !== undefined) {
    step.problem = read.problem;
    return step;
  }
  const file = read.file!;
  if (file.in === 'sourcedir') {
    step.file = file;
    return step;
  }
  if (read.dirOption !== undefined) {
    // patch -d changes directory before it opens -i FILE, the shell opens < FILE before: say it plainly instead
    step.problem = `the patch file ${file.path} is a relative path on a line that also changes directory (-d / --directory); use pushd DIR … popd around the line, or %{SOURCEn}`;
    return step;
  }
  // a path in the tree, relative to where the line runs
  const cwd = dirs.describe();
  if (cwd.dirUnknown !== undefined) {
    step.problem = `the patch file ${file.path} is relative to a directory distsync cannot work out (${cwd.dirUnknown}); write the pushd/cd directory literally or with %{name}/%{version}/%global macros`;
    return step;
  }
  const root = segments(dirs.setupDir?.join('/') ?? '');
  const at = resolveDir({ known: true, path: [...root, ...segments(cwd.directory)] }, file.path, null);
  if (!at.known || !root.every((s, k) => at.path[k] === s) || at.path.length <= root.length) {
    step.problem = `the patch file ${file.path} is outside the source tree; ship it in dist-git as a SourceN and apply %{SOURCEn}`;
    return step;
  }
  step.file = { in: 'tree', path: at.path.slice(root.length).join('/') };
  return step;
}
