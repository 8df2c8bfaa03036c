import { DistsyncError } from '../errors.js';
import { evaluationOf, type Evaluation } from './evaluate.js';
import { optValue } from './prep-args.js';
import { DirTracker, dirCommands } from './prep-dirs.js';
import { parseSetup } from './prep-setup.js';
import { shellPatchStep } from './prep-shell-step.js';
import { autoPatchSteps, parseAutopatch, patchLineSteps, type AutoRunResult } from './prep-steps.js';
import { findSection } from './structure.js';
import type { MacroContext, PrepAnalysis, SpecDocument } from './types.js';

const SETUP = /^%setup(?![A-Za-z0-9_])/;
const AUTOSETUP = /^[ \t]*%autosetup(?![A-Za-z0-9_])/;
const AUTOPATCH = /^[ \t]*%autopatch(?![A-Za-z0-9_])/;
const PATCH = /^%patch/;

/**
 * What %prep does, in order, as rpm 4.18 would run it for ctx: the %setup,
 * every patch application (with -p, -b, -F, directory, condition, activity),
 * and the other commands (side effects). %setup and %patch count only at
 * column 0, as in rpm (an indented one is just a shell line to rpm).
 * Throws bad-spec when there is no %prep or a patch number has no Patch tag.
 */
export function analysePrep(doc: SpecDocument, ctx: MacroContext = {}): PrepAnalysis {
  const ev = evaluationOf(doc, ctx);
  const s = ev.s;
  const prep = findSection(s, 'prep');
  if (!prep) {
    throw new DistsyncError('bad-spec', 'the spec has no %prep section', {
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      next: 'add a %prep section with %setup or %autosetup',
    });
  }
  const out: PrepAnalysis = { setup: null, setups: [], steps: [], autoRuns: [], listsPatches: false, shellPatches: [], sideEffects: [], prepStart: prep.start, prepEnd: prep.end };
  const dirs = new DirTracker();
  let scm = ev.expand('%{?__scm}', prep.start).value.trim() || 'patch';
  let patchLines = 0;
  let autoApplies = false;

  for (let i = prep.start; i < prep.end; i++) {
    if (s.head[i] !== i || s.cond.directiveAt.has(i)) continue;
    const text = s.texts[i]!;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const isAuto = AUTOSETUP.test(text);
    if (SETUP.test(text) || isAuto) {
      const { setup, options } = parseSetup(ev, i, isAuto ? 'autosetup' : 'setup');
      out.setups.push(setup);
      if (!out.setup || (out.setup.active === 'no' && setup.active !== 'no')) out.setup = setup;
      if (ev.active(i) !== 'no') dirs.enterSetup(setup.dirName);
      if (isAuto) {
        scm = setup.scm ?? scm;
        if (!setup.noPatches) {
          autoApplies = true;
          addAutoRun(out, autoPatchSteps(ev, { line: i, style: 'autosetup', strip: optValue(options, 'p'), scm, numbers: [] }, dirs));
        }
      }
    } else if (AUTOPATCH.test(text)) {
      autoApplies = true;
      addAutoRun(out, autoPatchSteps(ev, parseAutopatch(ev, i, scm), dirs));
    } else if (PATCH.test(text)) {
      patchLines++;
      out.steps.push(...patchLineSteps(ev, i, dirs));
    } else {
      sideEffectOrMove(ev, i, text, dirs, out);
    }
  }
  // Nothing applies patches automatically: a new patch needs its own %patch line
  // (also true of a %setup spec that has no patch yet).
  out.listsPatches = !autoApplies && (patchLines > 0 || out.setups.some((x) => x.macro === 'setup'));
  return out;
}

function addAutoRun(out: PrepAnalysis, r: AutoRunResult): void {
  out.steps.push(...r.steps);
  out.autoRuns.push(r.run);
}

function sideEffectOrMove(ev: Evaluation, i: number, text: string, dirs: DirTracker, out: PrepAnalysis): void {
  const expanded = ev.expand(text, i).value;
  const nav = dirCommands(expanded);
  const active = ev.active(i);
  const shell = shellPatchStep(ev, i, expanded, dirs, out.steps.length);
  if (shell) {
    out.shellPatches.push(shell);
    return;
  }
  const where = dirs.describe();
  if (active !== 'no') for (const c of nav.changes) dirs.apply(c);
  if (!nav.onlyNavigation) out.sideEffects.push({ line: i, text, expanded, directory: where.dirUnknown === undefined ? where.directory : null, active });
}
