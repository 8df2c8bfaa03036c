import { parsePatch, patchContentId, stripOfPatch } from '../core/patches/index.js';
import type { MacroContext } from '../core/spec/index.js';
import { readBlob } from '../git/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import { specFacts } from './spec-facts.js';

/** The patch files dist-git's spec names now, and what identifies each. */
export interface ExistingPatches {
  /** File name → its Patch tag number in dist-git's spec. */
  tagged: Map<string, number>;
  /** Source-git commit named by a file's `From <sha>` line (git format-patch, distsync, Packit) → file name. */
  bySha: Map<string, string>;
  /** Content id (patchContentId at the file's own -pN) → file name. */
  byContent: Map<string, string>;
}

const MBOX_FROM = /^From ([0-9a-f]{40,64}) Mon Sep 17 00:00:00 2001$/m;

export async function readExistingPatches(dg: DistGitSnapshot, ctx: MacroContext): Promise<ExistingPatches> {
  const out: ExistingPatches = { tagged: new Map(), bySha: new Map(), byContent: new Map() };
  if (!dg.head) return out;
  let facts;
  try {
    facts = specFacts(dg.spec, ctx);
  } catch {
    return out; // a spec distsync cannot read names no patch; planning reports source-git's own spec problems
  }
  out.tagged = facts.numberByFile;
  const path = (f: string) => (dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${f}` : f);
  const files = [...facts.numberByFile].filter(([f]) => dg.files.includes(path(f)));
  const bytes = await Promise.all(files.map(([f]) => readBlob(dg.git, dg.head!, path(f))));
  files.forEach(([file, number], i) => {
    const text = bytes[i]!.toString('utf8');
    const head = text.slice(0, 200).split('\n')[0] ?? '';
    const sha = MBOX_FROM.exec(head)?.[1];
    if (sha && !out.bySha.has(sha)) out.bySha.set(sha, file);
    try {
      const step = facts.prep.steps.find((s) => s.number === number);
      const strip = step ? stripOfPatch(step, text) : facts.defaultStrip;
      const id = patchContentId(parsePatch(text).diff, strip);
      if (!out.byContent.has(id)) out.byContent.set(id, file);
    } catch {
      // an unparsable file is found by name only
    }
  });
  return out;
}
