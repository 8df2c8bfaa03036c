import type { ParsedCfg } from './cfg-types.js';
import { directiveError } from './directive-error.js';
import { readBlob } from './lookaside-blob.js';
import { baseName, cleanPath, sourcesPath } from './repo-path.js';
import type { DirectiveEffect, DirectiveRef, FileTree, LookasideUpload, TreeFile } from './tree-types.js';
import { refOf } from './validate-cfg.js';

export interface FileStep {
  parsed: ParsedCfg;
  tree: Map<string, TreeFile>;
  patchTree: FileTree;
  blobs?: ReadonlyMap<string, Uint8Array>;
  effects: DirectiveEffect[];
  uploads: LookasideUpload[];
}

function fromPatchTree(s: FileStep, ref: DirectiveRef, path: string, field: string): TreeFile {
  const f = s.patchTree.get(cleanPath(ref, path));
  if (!f) throw directiveError(ref, `${field} '${path}' is not in the patch repository`, `add ${path} to the patch repository, or fix the path (it is relative to the patch repository's root)`);
  return f;
}

const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;

/** replace: the target (SOURCES/ implied) must exist; its mode stays, its content comes from the directive. */
export function applyReplace(s: FileStep): void {
  s.parsed.cfg.replace.forEach((r, i) => {
    const ref = refOf(s.parsed, 'replace', r, i);
    const target = sourcesPath(ref, r.file!);
    const old = s.tree.get(target);
    if (!old) {
      throw directiveError(ref, `${target} does not exist in the dist-git tree (srpmproc: INVALID_FILE:${target})`, `drop this replace from ${s.parsed.file} (the package no longer ships ${baseName(target)}), or use add { file: … } to create it`);
    }
    let data: Uint8Array;
    let from: string;
    if (r.with_file !== undefined) {
      data = fromPatchTree(s, ref, r.with_file, 'with_file').data;
      from = r.with_file;
    } else if (r.with_inline !== undefined) {
      data = new TextEncoder().encode(r.with_inline);
      from = 'inline text';
    } else {
      data = readBlob(ref, r.with_lookaside!, s.blobs).data;
      from = `lookaside ${r.with_lookaside}`;
    }
    s.tree.set(target, { data, mode: old.mode });
    s.effects.push({ ...ref, summary: `${target} ← ${from} (${bytes(old.data.length)} → ${bytes(data.length)})` });
  });
}

/** delete: a literal repository path, which must exist. */
export function applyDelete(s: FileStep): void {
  s.parsed.cfg.delete.forEach((d, i) => {
    const ref = refOf(s.parsed, 'delete', d, i);
    const target = cleanPath(ref, d.file!);
    if (!s.tree.delete(target)) {
      throw directiveError(ref, `${target} does not exist in the dist-git tree (srpmproc: FILE_DOES_NOT_EXIST:${target})`, `drop this delete from ${s.parsed.file}, or fix the path (delete takes the full path, e.g. SOURCES/${baseName(target)})`);
    }
    s.effects.push({ ...ref, summary: `${target} deleted` });
  });
}

/** add: a patch-repository file (or a lookaside object, which then stays in the lookaside) into SOURCES/. */
export function applyAdd(s: FileStep): void {
  s.parsed.cfg.add.forEach((a, i) => {
    const ref = refOf(s.parsed, 'add', a, i);
    const source = a.file !== undefined && a.file !== '' ? a.file : a.lookaside!;
    const target = sourcesPath(ref, a.name || baseName(source));
    const existed = s.tree.get(target);
    if (a.file) {
      const f = fromPatchTree(s, ref, a.file, 'file');
      s.tree.set(target, { data: f.data, mode: existed?.mode ?? '100644' });
      s.effects.push({ ...ref, summary: `${target} ${existed ? 'overwritten' : 'added'} from ${a.file} (${bytes(f.data.length)})` });
      return;
    }
    const blob = readBlob(ref, a.lookaside!, s.blobs);
    s.tree.set(target, { data: blob.data, mode: '100644' });
    s.uploads.push({ path: target, data: blob.data, algo: blob.algo, hash: a.lookaside! });
    s.effects.push({ ...ref, summary: `${target} added from lookaside ${a.lookaside} (${blob.algo}, ${bytes(blob.data.length)}), kept in the lookaside` });
  });
}
