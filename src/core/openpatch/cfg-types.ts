/**
 * Open Patch directives: the message `srpmproc.Cfg` of srpmproc's cfg.proto, field names as in the proto
 * (snake_case), so a parsed file prints back with the same names. Repeated fields are always arrays; a
 * singular field is present only when the file sets it (proto3 oneof members keep that presence).
 */
export type FileType = 'Unknown' | 'Source' | 'Patch';

export interface Replace {
  file?: string;
  with_file?: string;
  with_inline?: string;
  with_lookaside?: string;
}
export interface Delete {
  file?: string;
}
export interface Add {
  file?: string;
  lookaside?: string;
  name?: string;
}
export interface Lookaside {
  file: string[];
  tar?: boolean;
  archive_name?: string;
  from_patch_tree?: boolean;
}
export interface PatchDirective {
  file?: string;
  strict?: boolean;
}
export interface FileOperation {
  name?: string;
  type?: FileType;
  add?: boolean;
  delete?: boolean;
  add_to_prep?: boolean;
  n_path?: number;
}
export interface ChangelogOperation {
  author_name?: string;
  author_email?: string;
  message: string[];
}
export interface SearchAndReplaceOperation {
  field?: string;
  any?: boolean;
  starts_with?: boolean;
  ends_with?: boolean;
  find?: string;
  replace?: string;
  n?: number;
}
export interface AppendOperation {
  field?: string;
  value?: string;
}
export interface NewFieldOperation {
  key?: string;
  value?: string;
}
export interface SpecChange {
  file: FileOperation[];
  changelog: ChangelogOperation[];
  search_and_replace: SearchAndReplaceOperation[];
  append: AppendOperation[];
  new_field: NewFieldOperation[];
  disable_auto_align?: boolean;
}
export interface Cfg {
  replace: Replace[];
  delete: Delete[];
  add: Add[];
  lookaside: Lookaside[];
  spec_change?: SpecChange;
  patch: PatchDirective[];
}

/** 1-based position in a .cfg file. */
export interface CfgPosition {
  line: number;
  column: number;
}

/** A parsed .cfg: the message, and where each message object (directive, operation) starts. */
export interface ParsedCfg {
  file: string;
  cfg: Cfg;
  positions: WeakMap<object, CfgPosition>;
}
