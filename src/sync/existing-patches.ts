import { isDistsyncError } from '../core/errors.js';
import { parsePatch, patchContentId, stripOfPatch } from '../core/patches/index.js';
import type { MacroContext } from '../core/spec/index.js';
import { readBlob } from '../git/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import { createPlanMemo, type PlanMemo } from './plan-memo.js';
import { specFacts } from './spec-facts.js';

/** The patch files dist-git's spec names now, and what identifies each. */
export interface ExistingPatches {
  /** File name → its Patch tag number in dist-git's spec. */
  tagged: Map<string, number>;
  /** Source-git commit named by a file's `From <sha>` line (git format-patch, distsync, Packit) → file name. */
  bySha: Map<string, string>;
  /**
   * Content id (patchContentId at the file's own -pN) → file name. Computed on the first call
   * (it reads and parses every file again), so a run whose commits are all found by sha never pays for it.
   */
  byContent(): Promise<Map<string, string>>;
}

const MBOX_FROM = /^From ([0-9a-f]{40,64}) Mon Sep 17 00:00:00 2001$/m;

/** `memo`: the run's reads; every tagged file is read in one batch, once (the plan compares the same bytes later). */
export async function readExistingPatches(dg: DistGitSnapshot, ctx: MacroContext, memo: PlanMemo = createPlanMemo()): Promise<ExistingPatches> {
  const none: ExistingPatches = { tagged: new Map(), bySha: new Map(), byContent: async () => new Map() };
  if (!dg.head) return none;
  const head = dg.head;
  let facts;
  try {
    facts = specFacts(dg.spec, ctx);
  } catch (e) {
    // a name only rpm can compute (%(…), %{lua:…}) is refused: taking dist-git as patch-less would rewrite it wrongly
    if (isDistsyncError(e) && e.next?.includes('--eval-with-rpm')) throw e;
    return none; // a spec distsync cannot read names no patch; planning reports source-git's own spec problems
  }
  const path = (f: string) => (dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${f}` : f);
  const files = [...facts.numberByFile].filter(([f]) => dg.files.includes(path(f)));
  const bySha = new Map<string, string>();
  // the bytes stay in the run's memo: the plan compares each kept file with them, without reading it again
  const bytes = await memo.blobs(dg.git, head, files.map(([f]) => path(f)));
  const read = async (f: string) => bytes.get(path(f)) ?? (await readBlob(dg.git, head, path(f)));
  const firstLines = await Promise.all(files.map(async ([f]) => (await read(f)).subarray(0, 200).toString('latin1').split('\n')[0] ?? ''));
  files.forEach(([file], i) => {
    const sha = MBOX_FROM.exec(firstLines[i]!)?.[1];
    if (sha && !bySha.has(sha)) bySha.set(sha, file);
  });
  let byContent: Promise<Map<string, string>> | undefined;
  const contentIndex = async () => {
    const ids = await Promise.all(
      files.map(async ([file, number]) => {
        const text = (await read(file)).toString('utf8');
        try {
          const step = facts.prep.steps.find((s) => s.number === number);
          const strip = step ? stripOfPatch(step, text) : facts.defaultStrip;
          return patchContentId(parsePatch(text).diff, strip);
        } catch {
          return undefined; // an unparsable file is found by name only
        }
      }),
    );
    const out = new Map<string, string>();
    files.forEach(([file], i) => {
      const id = ids[i];
      if (id !== undefined && !out.has(id)) out.set(id, file);
    });
    return out;
  };
  return { tagged: facts.numberByFile, bySha, byContent: () => (byContent ??= contentIndex()) };
}
