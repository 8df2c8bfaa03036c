import type { HashAlgo } from '../lookaside/index.js';
import type { CfgPosition, ParsedCfg } from './cfg-types.js';

/** One file of a tree held in memory: its bytes and git mode ('100644', '100755', '120000'). */
export interface TreeFile {
  data: Uint8Array;
  mode: string;
}

/** A repository tree: repo-relative path → file. */
export type FileTree = ReadonlyMap<string, TreeFile>;

/** Which directive of which file: 'replace #2' of PATCHES/pages.cfg at 5:1. */
export interface DirectiveRef {
  cfg: string;
  kind: string;
  /** 1-based among the directives of its kind in that file. */
  index: number;
  at?: CfgPosition;
}

export interface DirectiveEffect extends DirectiveRef {
  /** What it did, one line ('SOURCES/404.html ← PATCHES/404.html (3971 → 3299 bytes)'). */
  summary: string;
}

/** A file that leaves git for the lookaside cache (srpmproc's "ignored source"). */
export interface LookasideUpload {
  path: string;
  data: Uint8Array;
  algo: HashAlgo;
  hash: string;
}

export interface ApplyDirectivesInput {
  /** Parsed directive files, in the order srpmproc reads them (see findDirectiveFiles). */
  cfgs: readonly ParsedCfg[];
  /** The patch repository (or the dist-git branch itself when it carries PATCHES/). */
  patchTree: FileTree;
  /** The dist-git tree the directives change. */
  tree: FileTree;
  /** Date of new %changelog entries (the core has no clock). */
  date: Date;
  /**
   * srpmproc's import name (e.g. 'nginx-1.22.1-5.module+el9.3.0+20438+032561a0'): the changelog
   * entry's version comes from it like srpmproc does; without it, from the spec's Version value.
   */
  importName?: string;
  /** Lookaside objects by hash, for `add { lookaside }` and `replace { with_lookaside }`. */
  blobs?: ReadonlyMap<string, Uint8Array>;
}

export interface ApplyDirectivesResult {
  tree: Map<string, TreeFile>;
  effects: DirectiveEffect[];
  uploads: LookasideUpload[];
}
