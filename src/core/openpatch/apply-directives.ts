import { applyAdd, applyDelete, applyReplace, type FileStep } from './apply-file-directives.js';
import { applyLookaside } from './apply-lookaside-directive.js';
import { applyPatchDirective } from './apply-patch-directive.js';
import { applySpecChange } from './apply-spec-change.js';
import { recordUploads } from './record-uploads.js';
import type { ApplyDirectivesInput, ApplyDirectivesResult, TreeFile } from './tree-types.js';
import { validateCfg } from './validate-cfg.js';

/**
 * Apply directive files to a dist-git tree held in memory, with srpmproc's semantics: file by file,
 * and inside one file always replace, delete, add, patch, lookaside, then spec_change. Every file is
 * checked before anything is applied; the first directive that does not apply throws (bad-directive,
 * naming the .cfg, the directive and the fix) and the input trees are never modified.
 */
export function applyDirectives(input: ApplyDirectivesInput): ApplyDirectivesResult {
  for (const parsed of input.cfgs) validateCfg(parsed);
  const tree = new Map<string, TreeFile>(input.tree);
  const result: ApplyDirectivesResult = { tree, effects: [], uploads: [] };
  for (const parsed of input.cfgs) {
    const step: FileStep & { date: Date } = {
      parsed,
      tree,
      patchTree: input.patchTree,
      effects: result.effects,
      uploads: result.uploads,
      date: input.date,
      ...(input.blobs ? { blobs: input.blobs } : {}),
    };
    applyReplace(step);
    applyDelete(step);
    applyAdd(step);
    applyPatchDirective(step);
    applyLookaside(step);
    applySpecChange({ parsed, tree, date: input.date, effects: result.effects, ...(input.importName ? { importName: input.importName } : {}) });
  }
  recordUploads(tree, result.uploads);
  return result;
}
