import { distroToDistGit } from '../core/layout/index.js';
import { fromDistroGitignore } from '../core/layout/distro-gitignore.js';
import {
  printSpec,
  removePatch,
  type MacroContext,
  type SpecDocument,
} from '../core/spec/index.js';
import { readBlob } from '../git/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import { CONFIG_PATH, SETTINGS_PATH, type SourceGitSnapshot } from './read-source-git.js';
import { keepDistGitRefLines } from './carry-tracker-refs.js';
import { tagNewPatches } from './tag-new-patches.js';
import { assertPatchSize, MAX_PATCH_BYTES } from './patch-input-checks.js';
import { planPatches, type PlannedPatch } from './plan-patches.js';
import { samePatchContent } from './same-patch-content.js';
import { readExistingPatches } from './existing-patches.js';
import { readUntaggedPatches } from './untagged-patches.js';
import { settleTwins } from './settle-untagged-twins.js';
import { createPlanMemo, type PlanMemo } from './plan-memo.js';
import { patchNumbersByFile, specFacts } from './spec-facts.js';

/** Everything update-dist-git would change, computed before anything is written. */
export interface DistGitPlan {
  /** dist-git path → new content (only files whose bytes change). */
  writes: Map<string, Buffer>;
  /** dist-git paths to delete. */
  deletes: string[];
  added: string[];
  updated: string[];
  removed: string[];
  kept: string[];
  specChanged: boolean;
  notes: string[];
  /** Every dist-git file source-git makes (path → bytes), changed or not. */
  made: Map<string, Buffer>;
  /** The patches source-git's commits make, in order. */
  planned: PlannedPatch[];
}

export function isEmptyPlan(p: DistGitPlan): boolean {
  return p.writes.size === 0 && p.deletes.length === 0;
}

/** `memo`: the run's reads of git, shared by every plan it makes (each commit diffed once, each dist-git file read once). */
export async function planDistGit(
  sg: SourceGitSnapshot,
  dg: DistGitSnapshot,
  ctx: MacroContext = {},
  limits: { maxPatchBytes?: number } = {},
  memo: PlanMemo = createPlanMemo(),
): Promise<DistGitPlan> {
  const notes: string[] = [];
  const layout = dg.layout;
  const sourcePath = (file: string) => (layout.sourcesDir ? `${layout.sourcesDir}/${file}` : file);
  const distroPatchFiles = new Set(
    sg.distroFiles.map((f) => f.slice('.distro/'.length)).filter((f) => !f.includes('/')),
  );

  let spec: SpecDocument = sg.spec;
  const facts = { ...specFacts(spec, ctx), commentStyle: sg.settings.new_patch_comments ?? 'packit' };
  const ignored = ignorePaths(sg);
  const existing = await readExistingPatches(dg, ctx, memo);
  const untagged = await readUntaggedPatches(dg, [dg.spec, sg.spec], distroPatchFiles, facts.prep, ctx, memo);
  const adoptable = async () => new Map([...untagged].reverse().filter((u) => u.taggable).map((u) => [u.id, u.file]));
  const patches = await planPatches(sg.git, { upstreamSha: sg.upstreamSha, head: sg.head }, facts, ignored, { ...existing, untagged: adoptable }, memo);

  // 1. Patch tags: keep those backed by a commit or by a file kept in .distro/, drop the rest.
  const wanted = new Set(patches.map((p) => p.name));
  const gone = new Set<string>();
  for (const [file, number] of facts.numberByFile) {
    if (wanted.has(file) || distroPatchFiles.has(file)) continue;
    spec = removePatch(spec, number);
    gone.add(file);
  }
  // 2. New patches get a tag (and a %patch line where %prep lists patches), all in one edit.
  const fresh = patches.filter((p) => !facts.numberByFile.has(p.name) && !p.presentInSpecfile);
  spec = tagNewPatches(spec, dg.spec, fresh, facts, ctx).spec;

  // 3. Files: .distro/ mirrored, patches regenerated unless their content is unchanged.
  const desired = new Map<string, Buffer>();
  const distroFiles = sg.distroFiles.filter((f) => f !== CONFIG_PATH && f !== SETTINGS_PATH && f !== sg.specPath);
  const read = await memo.blobs(sg.git, sg.head, distroFiles);
  // a path the batch did not give (not a file): readBlob says why
  const contents = await Promise.all(distroFiles.map((f) => read.get(f) ?? readBlob(sg.git, sg.head, f)));
  distroFiles.forEach((f, i) => {
    let content = contents[i]!;
    if (f === '.distro/.gitignore') {
      const own = fromDistroGitignore(content.toString('utf8'));
      if (own === null) return;
      content = Buffer.from(own, 'utf8');
    }
    desired.set(distroToDistGit(layout, f), content);
  });
  desired.set(layout.specPath, Buffer.from(keepDistGitRefLines(printSpec(spec), layout.specPath, dg.spec), 'utf8'));
  // What happens to each patch is told against dist-git as it is, not against source-git's spec.
  const added: string[] = [];
  const updated: string[] = [];
  const kept: string[] = [];
  // dist-git paths whose desired bytes ARE dist-git's at HEAD (read once, never compared again)
  const asAtHead = new Set<string>();
  const present = new Set(dg.files);
  const olds = dg.head ? await memo.blobs(dg.git, dg.head, patches.map((p) => sourcePath(p.name)).filter((f) => present.has(f))) : new Map<string, Buffer>();
  for (const p of patches) {
    const dest = sourcePath(p.name);
    const old = olds.get(dest) ?? null;
    if (old && (await samePatchContent(sg.git, old, p, ignored))) {
      desired.set(dest, old);
      asAtHead.add(dest);
      kept.push(p.name);
      continue;
    }
    assertPatchSize(p, limits.maxPatchBytes ?? MAX_PATCH_BYTES);
    (old ? updated : added).push(p.name);
    desired.set(dest, Buffer.from(p.render(), 'utf8'));
  }
  // 3b. Untagged twins (issue 11): adopted by a commit's patch (named above), or a duplicate of one that goes.
  const twins = settleTwins(untagged, patches);
  notes.push(...twins.notes);
  for (const f of twins.duplicates) gone.add(f);
  // 4. Nothing stale: every patch file dist-git's spec or source-git's spec named that the new spec does not name goes.
  const stillNamed = new Set(patchNumbersByFile(spec, ctx).keys());
  for (const f of existing.tagged.keys()) if (!stillNamed.has(f)) gone.add(f);
  // listed only when dist-git has it now (source-git's spec may still carry a tag an earlier sync already took out)
  const removed = [...gone].filter((f) => !stillNamed.has(f) && (dg.files.includes(sourcePath(f)) || existing.tagged.has(f)));
  for (const f of removed) if (desired.has(sourcePath(f))) notes.push(`${f} is both dropped and still in .distro/`);

  return { ...(await diffAgainst(dg, desired, asAtHead, removed.map(sourcePath), { added, updated, removed, kept, notes }, memo)), planned: patches };
}

async function diffAgainst(
  dg: DistGitSnapshot,
  desired: Map<string, Buffer>,
  asAtHead: Set<string>,
  toDelete: string[],
  summary: Pick<DistGitPlan, 'added' | 'updated' | 'removed' | 'kept' | 'notes'>,
  memo: PlanMemo,
): Promise<Omit<DistGitPlan, 'planned'>> {
  const writes = new Map<string, Buffer>();
  const present = new Set(dg.files);
  const entries = [...desired].filter(([path]) => !asAtHead.has(path));
  const current = dg.head ? await memo.blobs(dg.git, dg.head, entries.map(([path]) => path).filter((p) => present.has(p))) : new Map<string, Buffer>();
  for (const [path, content] of entries) {
    if (!current.get(path)?.equals(content)) writes.set(path, content);
  }
  const deletes = toDelete.filter((p) => present.has(p) && !desired.has(p));
  return { writes, deletes, ...summary, specChanged: writes.has(dg.layout.specPath), made: desired };
}

/** Paths whose changes make no patch: `.distro` and Packit's `patch_generation_ignore_paths`. */
export function ignorePaths(sg: Pick<SourceGitSnapshot, 'config'>): string[] {
  const paths = sg.config.patch_generation_ignore_paths;
  return paths.includes('.distro') ? paths : ['.distro', ...paths];
}


export type { PlannedPatch };
export { specFacts } from './spec-facts.js';

