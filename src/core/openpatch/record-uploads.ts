import { checksumKindFor, parseChecksumFile, printChecksumFile, upsertChecksumEntry, type ChecksumFile } from '../lookaside/index.js';
import { fromBinary, toBinary } from './binary-string.js';
import { baseName } from './repo-path.js';
import type { LookasideUpload, TreeFile } from './tree-types.js';

/**
 * Files the directives sent to the lookaside leave the git tree: each gets a line in the checksum file
 * (`.NAME.metadata`, else `sources`/`checksums`, created as `.NAME.metadata` when there is none) and in
 * .gitignore when the tree has one.
 */
export function recordUploads(tree: Map<string, TreeFile>, uploads: readonly LookasideUpload[]): void {
  if (uploads.length === 0) return;
  const top = [...tree.keys()].filter((p) => !p.includes('/'));
  const spec = [...tree.keys()].find((p) => /^SPECS\/[^/]+\.spec$/.test(p));
  const pkg = spec ? baseName(spec).slice(0, -'.spec'.length) : 'package';
  const path = top.find((p) => p === `.${pkg}.metadata`) ?? top.find((p) => checksumKindFor(p) !== null) ?? `.${pkg}.metadata`;
  const kind = checksumKindFor(path)!;
  const old = tree.get(path);
  let file: ChecksumFile = old ? parseChecksumFile(toBinary(old.data), kind, path) : { kind, entries: [], eol: '\n' };
  const ignore = tree.get('.gitignore');
  let ignoreText = ignore ? toBinary(ignore.data) : null;
  for (const u of uploads) {
    tree.delete(u.path);
    file = upsertChecksumEntry(file, { file: baseName(u.path), algo: u.algo, hash: u.hash });
    if (ignoreText !== null && !ignoreText.split(/\r?\n/).includes(u.path)) ignoreText += `${ignoreText === '' || ignoreText.endsWith('\n') ? '' : '\n'}${u.path}\n`;
  }
  tree.set(path, { data: fromBinary(printChecksumFile(file)), mode: old?.mode ?? '100644' });
  if (ignore && ignoreText !== null) tree.set('.gitignore', { data: fromBinary(ignoreText), mode: ignore.mode });
}
