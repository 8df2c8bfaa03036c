import { DistsyncError } from '../errors.js';
import { conditionTexts } from './conditionals.js';
import { and, type Evaluation } from './evaluate.js';
import { optValue, parseNumber, parseOptions, splitWords } from './prep-args.js';
import type { DirTracker } from './prep-dirs.js';
import type { PrepAutoRun, PrepPatchStep, SpecTag, StripMode } from './types.js';

/** Patch tags rpm knows when it reaches line `before`, in declaration order. */
export function patchTagsBefore(ev: Evaluation, before: number): SpecTag[] {
  return ev.s.tags.filter((t) => t.name === 'Patch' && t.line < before);
}

/** Pick the tag for a number (declared before line `before`): the one read for this context when alternatives exist. */
function tagFor(ev: Evaluation, n: number, before = Infinity): SpecTag | undefined {
  const same = (ev.s.patchesByNumber.get(n) ?? []).filter((t) => t.line < before);
  return same.find((t) => ev.active(t.line) === 'yes') ?? same.find((t) => ev.active(t.line) !== 'no') ?? same[0];
}

function noTag(ev: Evaluation, n: string, line: number): DistsyncError {
  return new DistsyncError('bad-spec', `%prep applies patch ${n}, but the spec has no Patch${n} tag`, {
    ...(ev.doc.file !== undefined ? { file: ev.doc.file } : {}),
    line: line + 1,
    next: `add 'Patch${n}: <file>' to the spec, or remove the patch from %prep`,
  });
}

function baseStep(ev: Evaluation, tag: SpecTag): Pick<PrepPatchStep, 'number' | 'file' | 'fileName' | 'tagLine'> {
  const file = ev.expand(tag.value, tag.line).value;
  return { number: tag.rpmNumber ?? 0, file, fileName: file.slice(file.lastIndexOf('/') + 1), tagLine: tag.line };
}

/** The steps of one %patch line (rpm 4.18 doPatchMacro: %patchN = %patch -P N; -P may repeat; trailing args are numbers). */
export function patchLineSteps(ev: Evaluation, line: number, dirs: DirTracker): PrepPatchStep[] {
  const text = ev.s.texts[line]!;
  const numbered = !/^%patch([ \t]|$)/.test(text);
  const args = ev.expand(text.slice('%patch'.length), line).value;
  const words = splitWords(args);
  if (numbered) words.unshift('-P');
  const p = parseOptions(words, 'P:p:REb:z:F:d:o:Z');
  const numbers = [...p.opts.filter((o) => o.letter === 'P').map((o) => o.value!), ...p.positional];
  const style: PrepPatchStep['style'] = numbered ? 'patchN' : p.opts.some((o) => o.letter === 'P') ? 'patch-P' : 'patch-arg';
  if (numbers.length === 0) numbers.push('0');
  const stripText = optValue(p, 'p');
  const strip = parseNumber(stripText) ?? 0;
  const stripMode: StripMode = stripText === undefined ? 'patch-default' : 'explicit';
  const backup = optValue(p, 'b') ?? optValue(p, 'z');
  const fuzz = parseNumber(optValue(p, 'F'));
  const extra = [
    ...p.opts.filter((o) => 'REZ'.includes(o.letter)).map((o) => `-${o.letter}`),
    ...(optValue(p, 'o') !== undefined ? [`-o ${optValue(p, 'o')}`] : []),
    ...p.bad,
  ];
  const where = dirs.describe(optValue(p, 'd'));
  return numbers.map((raw) => {
    const n = parseNumber(raw);
    const tag = n === null ? undefined : tagFor(ev, n);
    if (!tag) throw noTag(ev, raw, line);
    const step: PrepPatchStep = {
      ...baseStep(ev, tag),
      strip,
      stripMode,
      ...where,
      line,
      style,
      conditions: conditionTexts(ev.s.cond.scopeOf[line] ?? null),
      active: ev.active(line),
    };
    if (backup !== undefined) step.backupSuffix = backup;
    if (fuzz !== null) step.fuzz = fuzz;
    if (extra.length > 0) step.extraOptions = extra;
    return step;
  });
}

export interface AutoPatchArgs {
  line: number;
  style: 'autosetup' | 'autopatch';
  strip: string | undefined;
  scm: string;
  min?: number;
  max?: number;
  numbers: string[];
}

/** SCMs whose apply command defaults to -p1 when %autosetup/%autopatch get no -p. */
const P1_TOOLS = new Set(['git', 'git_am', 'hg', 'quilt']);

export interface AutoRunResult {
  steps: PrepPatchStep[];
  run: PrepAutoRun;
}

/** Steps of %autopatch (or the one inside %autosetup): all declared patches in declaration order, or the listed ones. */
export function autoPatchSteps(ev: Evaluation, a: AutoPatchArgs, dirs: DirTracker): AutoRunResult {
  const declared = patchTagsBefore(ev, a.line);
  let chosen: SpecTag[];
  if (a.numbers.length > 0) {
    chosen = a.numbers.map((raw) => {
      const n = parseNumber(raw);
      const tag = n === null ? undefined : tagFor(ev, n, a.line);
      if (!tag) throw noTag(ev, raw, a.line);
      return tag;
    });
  } else {
    chosen = declared.filter((t) => (a.min === undefined || t.rpmNumber! >= a.min) && (a.max === undefined || t.rpmNumber! <= a.max));
  }
  const explicit = parseNumber(a.strip);
  const stripMode: StripMode = explicit !== null ? 'explicit' : P1_TOOLS.has(a.scm) ? 'tool-default' : 'basename';
  const strip = explicit ?? (stripMode === 'tool-default' ? 1 : 0);
  const where = dirs.describe();
  const lineActive = ev.active(a.line);
  const run: PrepAutoRun = { line: a.line, style: a.style, strip, stripMode, ...where, listed: a.numbers.length > 0, active: lineActive };
  if (a.min !== undefined) run.min = a.min;
  if (a.max !== undefined) run.max = a.max;
  const steps = chosen.map((tag, k) => {
    const step: PrepPatchStep = {
      ...baseStep(ev, tag),
      strip,
      stripMode,
      ...where,
      line: null,
      style: a.style,
      conditions: [...tag.conditions],
      active: and(lineActive, ev.active(tag.line)),
    };
    if (a.scm === 'gendiff') step.backupSuffix = `.${k + 1}`;
    return step;
  });
  return { steps, run };
}

/** %autopatch arguments (rpm 4.18: -v -p N -m N -M N, trailing numbers). */
export function parseAutopatch(ev: Evaluation, line: number, scm: string): AutoPatchArgs {
  const text = ev.s.texts[line]!.replace(/^[ \t]*%autopatch/, '');
  const p = parseOptions(splitWords(ev.expand(text, line).value), 'vp:m:M:');
  const a: AutoPatchArgs = { line, style: 'autopatch', strip: optValue(p, 'p'), scm, numbers: p.positional };
  const min = parseNumber(optValue(p, 'm'));
  const max = parseNumber(optValue(p, 'M'));
  if (min !== null) a.min = min;
  if (max !== null) a.max = max;
  return a;
}
