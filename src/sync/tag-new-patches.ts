import { DistsyncError } from '../core/errors.js';
import { sameComment } from '../core/patches/patch-comment.js';
import { addPatches, expandMacros, listTags, restorePatchTags, type MacroContext, type SpecDocument, type SpecTag } from '../core/spec/index.js';
import type { PatchSpecFacts, PlannedPatch } from './plan-patches.js';

/**
 * PatchN tags for patches the `.distro/` spec has no tag for, in one edit.
 * A tag dist-git's spec already has for the file (the `.distro/` spec had
 * its tags cleared, Packit's rule) goes back where dist-git has it, with its
 * number and comment as written, unless a Patch-status now says something
 * else. Other tags go after the last Patch tag (and get a %patch line where
 * %prep lists patches), with the comment the style asks for; a dist-git
 * comment that says the same keeps its bytes. Returns the file → number of
 * each tag, and the files whose tag is new to dist-git too.
 */
export function tagNewPatches(
  spec: SpecDocument,
  distGitSpec: SpecDocument,
  fresh: PlannedPatch[],
  facts: Pick<PatchSpecFacts, 'prep' | 'numberByFile'>,
  ctx: MacroContext,
): { spec: SpecDocument; numbers: Map<string, number>; added: string[] } {
  const fileOf = patchFileOf(distGitSpec, ctx);
  const theirNumbers = new Map(listTags(distGitSpec, 'Patch').map((t) => [fileOf(t), t.rpmNumber ?? t.number ?? 0]));
  const theirComments = new Map(listTags(distGitSpec, 'Patch').map((t) => [fileOf(t), distGitSpec.lines.slice(t.line - t.commentAbove.length, t.line).map((l) => l.text)]));
  // rpm expands macros even in comments: a commit message must never inject %(...) into the spec
  const commentOf = (p: PlannedPatch) => p.comment.map((c) => c.replace(/%/g, '%%'));
  const numbers = new Map<string, number>();
  let out = spec;
  if (!facts.prep.listsPatches) {
    const statusChanged = new Set(fresh.filter((p) => p.status && !sameComment(theirComments.get(p.name) ?? [], commentOf(p))).map((p) => p.name));
    const back = restorePatchTags(out, distGitSpec, new Set(fresh.map((p) => p.name).filter((n) => !statusChanged.has(n))), fileOf);
    out = back.doc;
    for (const [file, t] of back.restored) numbers.set(file, t.number);
  }
  const rest = fresh.filter((p) => !numbers.has(p.name));
  const taken = new Set([...facts.numberByFile.values(), ...numbers.values()]);
  const res = addPatches(
    out,
    rest.map((p) => {
      // a patch dist-git already has keeps its number (a dropped commit before it renumbers nothing)
      const want = p.wantedNumber ?? theirNumbers.get(p.name);
      const number = want !== undefined && !taken.has(want) ? want : numberInRange(p, taken);
      if (number !== undefined) taken.add(number);
      const comment = commentOf(p);
      const theirs = theirComments.get(p.name);
      return {
        file: p.name,
        strip: p.strip,
        ...(p.slot?.afterStepLine != null ? { afterLine: p.slot.afterStepLine } : {}),
        ...(number === undefined ? {} : { number }),
        // dist-git already has this tag with a comment that says the same (e.g. written by Packit): keep its bytes
        ...(theirs && sameComment(theirs, comment) ? { commentLines: theirs } : { comment }),
      };
    }),
  );
  rest.forEach((p, i) => numbers.set(p.name, res.numbers[i]!));
  return { spec: res.doc, numbers, added: rest.map((p) => p.name) };
}

/**
 * A new patch that %autopatch -m/-M must pick up gets the next free number
 * within that range (bpftrace: `%autopatch -p1 -M 9` beside a Patch10).
 */
function numberInRange(p: PlannedPatch, taken: Set<number>): number | undefined {
  const min = p.slot?.min;
  const max = p.slot?.max;
  if (min === undefined && max === undefined) return undefined;
  const inRange = [...taken].filter((n) => (min === undefined || n >= min) && (max === undefined || n <= max));
  const start = Math.max(min ?? 0, inRange.length ? Math.max(...inRange) + 1 : min ?? 1);
  for (let n = start; max === undefined || n <= max; n++) if (!taken.has(n)) return n;
  throw new DistsyncError('bad-spec', `no free Patch number left within %autopatch${min !== undefined ? ` -m ${min}` : ''}${max !== undefined ? ` -M ${max}` : ''} for ${p.name}`, {
    next: 'widen the -m/-M range of %autopatch in the spec, then re-run',
  });
}

/** The patch file a PatchN tag of `spec` names (basename, macros expanded where rpm reads the tag). */
export function patchFileOf(spec: SpecDocument, ctx: MacroContext): (t: SpecTag) => string {
  return (t) => expandMacros(spec, t.value, { ...ctx, line: t.line }).value.split('/').pop() ?? t.value;
}
