/**
 * cfg.proto as data (field names, numbers, kinds, oneofs): drives the parser, the printer and the
 * canonical message. Mirrors rocky-linux/srpmproc proto/cfg.proto (read as reference, MIT).
 */
export type ScalarKind = 'string' | 'bool' | 'int32' | 'sint32';

export interface FieldSchema {
  name: string;
  number: number;
  kind: ScalarKind | 'enum' | 'message';
  repeated?: boolean;
  oneof?: string;
  enumValues?: readonly string[];
  message?: MessageSchema;
}

export interface MessageSchema {
  name: string;
  fields: readonly FieldSchema[];
}

const str = (name: string, number: number, oneof?: string): FieldSchema => ({ name, number, kind: 'string', ...(oneof ? { oneof } : {}) });
const bool = (name: string, number: number, oneof?: string): FieldSchema => ({ name, number, kind: 'bool', ...(oneof ? { oneof } : {}) });
const msg = (name: string, number: number, message: MessageSchema, repeated = true): FieldSchema => ({ name, number, kind: 'message', message, repeated });

export const FILE_TYPES = ['Unknown', 'Source', 'Patch'] as const;

const Replace: MessageSchema = {
  name: 'Replace',
  fields: [str('file', 1), str('with_file', 2, 'replacing'), str('with_inline', 3, 'replacing'), str('with_lookaside', 4, 'replacing')],
};
const Delete: MessageSchema = { name: 'Delete', fields: [str('file', 1)] };
const Add: MessageSchema = { name: 'Add', fields: [str('file', 1, 'source'), str('lookaside', 2, 'source'), str('name', 3)] };
const Lookaside: MessageSchema = {
  name: 'Lookaside',
  fields: [{ name: 'file', number: 1, kind: 'string', repeated: true }, bool('tar', 2), str('archive_name', 3), bool('from_patch_tree', 4)],
};
const FileOperation: MessageSchema = {
  name: 'SpecChange.FileOperation',
  fields: [
    str('name', 1),
    { name: 'type', number: 2, kind: 'enum', enumValues: FILE_TYPES },
    bool('add', 3, 'mode'),
    bool('delete', 4, 'mode'),
    bool('add_to_prep', 5),
    { name: 'n_path', number: 6, kind: 'int32' },
  ],
};
const ChangelogOperation: MessageSchema = {
  name: 'SpecChange.ChangelogOperation',
  fields: [str('author_name', 1), str('author_email', 2), { name: 'message', number: 3, kind: 'string', repeated: true }],
};
const SearchAndReplaceOperation: MessageSchema = {
  name: 'SpecChange.SearchAndReplaceOperation',
  fields: [
    str('field', 1, 'identifier'),
    bool('any', 2, 'identifier'),
    bool('starts_with', 3, 'identifier'),
    bool('ends_with', 4, 'identifier'),
    str('find', 5),
    str('replace', 6),
    { name: 'n', number: 7, kind: 'sint32' },
  ],
};
const AppendOperation: MessageSchema = { name: 'SpecChange.AppendOperation', fields: [str('field', 1), str('value', 2)] };
const NewFieldOperation: MessageSchema = { name: 'SpecChange.NewFieldOperation', fields: [str('key', 1), str('value', 2)] };
const SpecChange: MessageSchema = {
  name: 'SpecChange',
  fields: [
    msg('file', 1, FileOperation),
    msg('changelog', 2, ChangelogOperation),
    msg('search_and_replace', 3, SearchAndReplaceOperation),
    msg('append', 4, AppendOperation),
    msg('new_field', 5, NewFieldOperation),
    bool('disable_auto_align', 6),
  ],
};
const Patch: MessageSchema = { name: 'Patch', fields: [str('file', 1), bool('strict', 2)] };

export const CFG_SCHEMA: MessageSchema = {
  name: 'Cfg',
  fields: [
    msg('replace', 1, Replace),
    msg('delete', 2, Delete),
    msg('add', 3, Add),
    msg('lookaside', 4, Lookaside),
    msg('spec_change', 5, SpecChange, false),
    msg('patch', 6, Patch),
  ],
};

/** A new message object: every repeated field an empty array. */
export function emptyMessage(schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) if (f.repeated) out[f.name] = [];
  return out;
}
