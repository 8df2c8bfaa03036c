import { DistsyncError } from '../core/errors.js';
import { printChecksumFile, upsertChecksumEntry, type ChecksumFile, type HashAlgo } from '../core/lookaside/index.js';
import { addChangelogEntry, printSpec, resetRelease, setVersion, getTag, expandMacros, type SpecDocument } from '../core/spec/index.js';

/** Spec edits for a new upstream version: Version (through its %global when it has one), Release reset, a changelog entry. */
export function specForVersion(
  spec: SpecDocument,
  v: { version: string; packager: { name: string; email: string }; date: Date; lines: string[] },
): { spec: SpecDocument; text: string; evr: string; changelogAdded: boolean } {
  let doc = resetRelease(setVersion(spec, v.version));
  const release = getTag(doc, 'Release');
  const rel = release ? expandMacros(doc, release.value, { defines: { dist: '' } }).value : '1';
  const evr = `${v.version}-${/autorelease/.test(release?.value ?? '') ? '1' : rel}`;
  const res = addChangelogEntry(doc, { date: v.date, author: v.packager.name, email: v.packager.email, evr, lines: v.lines });
  doc = res.doc;
  return { spec: doc, text: printSpec(doc), evr, changelogAdded: res.added };
}

/** `upstream_ref: X` → the new tag, keeping the rest of the YAML as written. */
export function moveUpstreamRef(yamlText: string, tag: string): string {
  const re = /^(upstream_ref:[ \t]*)(['"]?)[^'"\n#]*\2([ \t]*(#.*)?)$/m;
  if (!re.test(yamlText)) {
    throw new DistsyncError('bad-config', 'upstream_ref is not a plain top-level line in source-git.yaml', { file: '.distro/source-git.yaml', next: "write it as 'upstream_ref: <tag>'" });
  }
  return yamlText.replace(re, (_m, key: string, q: string, rest: string) => `${key}${q}${tag}${q}${rest}`);
}

export function checksumForTarball(file: ChecksumFile, entry: { file: string; algo: HashAlgo; hash: string; replaces?: string }): string {
  return printChecksumFile(upsertChecksumEntry(file, entry));
}

/** Add the new tarball to dist-git's .gitignore in the style of its last line ('/x', 'SOURCES/x' or 'x'). */
export function gitignoreWithTarball(text: string, file: string, sourcesDir: string): string {
  const lines = text.split('\n').filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  const entry = last.startsWith('/') ? `/${file}` : sourcesDir && last.startsWith(`${sourcesDir}/`) ? `${sourcesDir}/${file}` : sourcesDir ? `${sourcesDir}/${file}` : `/${file}`;
  if (lines.includes(entry)) return text;
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${entry}\n`;
}
