import { isCrlfMangled, stripOfPatch } from '../core/patches/index.js';
import { analysePrep, type MacroContext } from '../core/spec/index.js';
import { applyToTree, readBlob, type Git } from '../git/index.js';
import type { DistGitPlan } from './plan-dist-git.js';
import type { DistGitSnapshot } from './read-dist-git.js';

export interface PatchProblem {
  file: string;
  message: string;
  next: string;
}

/**
 * dist-git patch files that %prep applies but that cannot work: saved with
 * CRLF line ends, or (when they differ from what source-git makes, i.e.
 * edited in dist-git) no longer applying where they sit in the series.
 */
export async function findPatchProblems(sgGit: Git, sgHead: string, dg: DistGitSnapshot, plan: DistGitPlan, ctx: MacroContext): Promise<PatchProblem[]> {
  if (!dg.head) return [];
  const problems: PatchProblem[] = [];
  const path = (f: string) => (dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${f}` : f);
  for (const step of analysePrep(dg.spec, ctx).steps) {
    if (step.active !== 'yes' || !dg.files.includes(path(step.fileName))) continue;
    const file = path(step.fileName);
    const bytes = await readBlob(dg.git, dg.head, file);
    if (isCrlfMangled(bytes.toString('utf8'))) {
      problems.push({
        file,
        message: `${file} was saved with CRLF line ends (an editor or a Windows checkout): GNU patch only applies it by stripping them, git apply and source-git tools refuse it`,
        next: `convert it back and commit: sed -i 's/\\r$//' ${file} (or dos2unix ${file}); git commit -am 'Fix line ends of ${step.fileName}'`,
      });
      continue;
    }
    if (plan.made.get(file)?.equals(bytes)) continue; // what source-git makes: applies by construction
    const planned = plan.planned.find((p) => p.name === step.fileName);
    const base = planned?.base ?? sgHead;
    const opts = { strip: stripOfPatch(step, bytes.toString('utf8')), ...(step.directory ? { directory: step.directory } : {}) };
    // strict, like rpm's %patch (--fuzz=0): a context line edited by hand is a failure
    if ((await applyToTree(sgGit, base, bytes, opts)) !== null) continue;
    problems.push({
      file,
      message: `${file} (Patch${step.number}) no longer applies ${planned ? 'where it sits in the patch series' : 'on top of source-git'}: its context or line counts were edited`,
      next: `fix the hunks in ${file} so that they apply (or drop your edit: git checkout <last good commit> -- ${file}), commit, then run status again`,
    });
  }
  return problems;
}
