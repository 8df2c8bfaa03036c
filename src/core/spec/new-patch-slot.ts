import type { PrepAnalysis, PrepAutoRun, PrepPatchStep } from './types.js';

/**
 * Where a new patch lands in %prep, and so how its file must be written: the
 * -p level and working directory of the step that will apply it. With
 * %autosetup/%autopatch that is the last unconditional run that applies every
 * declared patch (a new patch number must stay within its -m/-M range); with
 * %patch lines it is the %patch line the new one is written after (the last
 * unconditional one, or, when `paths` are given, the last one whose working
 * directory holds all of them, so that the new patch's paths resolve).
 * A new patch is the newest change: it goes after every step it can follow.
 */
export type NewPatchSlot = Pick<PrepAutoRun, 'strip' | 'stripMode' | 'directory' | 'buildDirectory' | 'dirUnknown' | 'min' | 'max'> & {
  /** The %patch line to write the new one after (null with %autosetup/%autopatch). */
  afterStepLine: number | null;
};

export function newPatchSlot(prep: PrepAnalysis, paths: readonly string[] = []): NewPatchSlot {
  const run = lastOpenRun(prep.autoRuns);
  if (run) return fromRun(run);
  const onLines = prep.steps.filter((s) => s.line !== null && s.active !== 'no');
  const plain = onLines.filter((s) => s.conditions.length === 0);
  const pool = plain.length > 0 ? plain : onLines;
  const fits = paths.length > 0 ? pool.filter((s) => !s.dirUnknown && paths.every((p) => inside(p, s.directory))) : [];
  const best = fits.at(-1) ?? pool.at(-1);
  if (!best) return { strip: 1, stripMode: 'explicit', directory: '', buildDirectory: prep.setup?.dirName ?? null, afterStepLine: null };
  return fromStep(best);
}

/** The last %autosetup/%autopatch (read for this context) that picks up every newly declared patch. */
function lastOpenRun(runs: readonly PrepAutoRun[]): PrepAutoRun | undefined {
  return runs.filter((r) => !r.listed && r.active === 'yes').at(-1) ?? runs.filter((r) => !r.listed && r.active !== 'no').at(-1);
}

function fromRun(r: PrepAutoRun): NewPatchSlot {
  const slot: NewPatchSlot = { strip: r.strip, stripMode: r.stripMode, directory: r.directory, buildDirectory: r.buildDirectory, afterStepLine: null };
  if (r.dirUnknown !== undefined) slot.dirUnknown = r.dirUnknown;
  if (r.min !== undefined) slot.min = r.min;
  if (r.max !== undefined) slot.max = r.max;
  return slot;
}

function fromStep(s: PrepPatchStep): NewPatchSlot {
  const slot: NewPatchSlot = { strip: s.strip, stripMode: s.stripMode, directory: s.directory, buildDirectory: s.buildDirectory, afterStepLine: s.line };
  if (s.dirUnknown !== undefined) slot.dirUnknown = s.dirUnknown;
  return slot;
}

function inside(path: string, dir: string): boolean {
  return dir === '' || path.startsWith(`${dir}/`);
}
