import type { ParsedCfg } from './cfg-types.js';
import { directiveError } from './directive-error.js';
import type { DirectiveRef } from './tree-types.js';

/** The ref of the index-th (0-based) directive of a kind in a parsed file. */
export function refOf(p: ParsedCfg, kind: string, obj: object, index: number): DirectiveRef {
  const at = p.positions.get(obj);
  return { cfg: p.file, kind, index: index + 1, ...(at ? { at } : {}) };
}

/**
 * What the grammar allows but srpmproc cannot do (or does silently wrong): a replace with no
 * content (srpmproc truncates the file), a file operation of type Unknown (ignored), `add: false`
 * (srpmproc adds anyway), a search with no mode or an empty find, a changelog without author.
 */
export function validateCfg(p: ParsedCfg): void {
  const need = (ok: unknown, kind: string, obj: object, i: number, problem: string, next: string) => {
    if (!ok) throw directiveError(refOf(p, kind, obj, i), problem, next);
  };
  const { cfg } = p;
  cfg.replace.forEach((r, i) => {
    need(r.file, 'replace', r, i, "'file' is missing", 'name the file to replace, e.g. file: "index.html" (SOURCES/ is implied)');
    need(r.with_file !== undefined || r.with_inline !== undefined || r.with_lookaside !== undefined, 'replace', r, i, 'no new content', 'add with_file, with_inline or with_lookaside');
  });
  cfg.delete.forEach((d, i) => need(d.file, 'delete', d, i, "'file' is missing", 'name the repository path to delete, e.g. file: "SOURCES/old.cer"'));
  cfg.add.forEach((a, i) => need(a.file || a.lookaside, 'add', a, i, "neither 'file' nor 'lookaside' is set", 'add file: "PATCHES/name" or lookaside: "<hash>"'));
  cfg.patch.forEach((x, i) => need(x.file, 'patch', x, i, "'file' is missing", 'name the patch file in the patch repository, e.g. file: "PATCHES/0001-x.patch"'));
  cfg.lookaside.forEach((l, i) => {
    need(l.file.length > 0, 'lookaside', l, i, "no 'file' listed", 'list the SOURCES files to move to the lookaside cache');
    need(!l.tar || l.archive_name, 'lookaside', l, i, 'tar: true needs archive_name (srpmproc: TAR_NO_ARCHIVE_NAME)', 'add archive_name: "NAME" (NAME.tar.gz is written)');
  });
  const sc = cfg.spec_change;
  if (!sc) return;
  sc.file.forEach((f, i) => {
    const ref = ['spec_change.file', f, i] as const;
    need(f.name, ...ref, "'name' is missing", 'name the Source/Patch file, e.g. name: "0001-x.patch"');
    need(f.type === 'Source' || f.type === 'Patch', ...ref, `type is ${f.type ?? 'not set'}`, 'set type: Source or type: Patch');
    need(f.add === true || f.delete === true, ...ref, f.add === false || f.delete === false ? 'add/delete is false (srpmproc would still act on it)' : 'neither add nor delete is set', 'set add: true or delete: true');
    need(!(f.add_to_prep || f.n_path) || (f.type === 'Patch' && f.add), ...ref, 'add_to_prep/n_path only work when adding a Patch', 'drop add_to_prep/n_path, or make it type: Patch with add: true');
    need((f.n_path ?? 0) >= 0, ...ref, 'n_path is negative', 'use the -p level of the patch, e.g. n_path: 1');
  });
  sc.changelog.forEach((c, i) => {
    need(c.author_name && c.author_email, 'spec_change.changelog', c, i, 'author_name and author_email are required', 'add both, e.g. author_name: "Release Engineering" author_email: "releng@example.org"');
    need(c.message.length > 0, 'spec_change.changelog', c, i, "no 'message'", 'add at least one message: "…"');
  });
  sc.search_and_replace.forEach((s, i) => {
    need(s.field !== undefined || s.any || s.starts_with || s.ends_with, 'spec_change.search_and_replace', s, i, 'no mode: set field, any, starts_with or ends_with', 'add any: true (every line) or field: "Release" (one tag)');
    need(s.find, 'spec_change.search_and_replace', s, i, "'find' is empty", 'set find: to the text to replace');
  });
  sc.append.forEach((a, i) => need(a.field && a.value !== undefined, 'spec_change.append', a, i, "'field' and 'value' are required", 'e.g. field: "Release" value: ".openela.1", or field: "%prep" value: "a shell line"'));
  sc.new_field.forEach((n, i) => {
    need(n.key && n.value !== undefined, 'spec_change.new_field', n, i, "'key' and 'value' are required", 'e.g. key: "Provides" value: "foo"');
    need(!/^(source|patch)/i.test(n.key ?? ''), 'spec_change.new_field', n, i, `key '${n.key}' is a Source/Patch tag`, 'use spec_change { file { type: Source|Patch add: true } } for those');
  });
}
