import { inferTagTemplate, renderDistsyncFile, renderSourceGitConfig, type FileToSync } from '../core/config/index.js';
import type { DistGitLayout } from '../core/layout/index.js';
import { expandMacros, getTag, listTags, type MacroContext, type SpecDocument } from '../core/spec/index.js';
import type { ChecksumFile } from '../core/lookaside/index.js';

/** Fedora's lookaside, as Packit's init (fedpkg's configuration) names it: NAME/FILE/HASHTYPE/HASH/FILE under it. */
export const FEDORA_LOOKASIDE = 'https://src.fedoraproject.org/repo/pkgs/rpms';

export interface InitConfigInput {
  upstreamRef: string;
  upstreamUrl?: string;
  layout: DistGitLayout;
  spec: SpecDocument;
  checksum: ChecksumFile | null;
  /** Base URL of the lookaside the checksum file's sources are in (default: Fedora's, for the flat Fedora layout). */
  lookasideUrl?: string;
  macros?: MacroContext;
}

/**
 * The two config files init writes: `.distro/source-git.yaml` with every key
 * Packit needs (as Packit's own init writes them, plus `upstream_tag_template`
 * when the ref names the version, and `exclude distsync.yaml` so Packit does
 * not copy distsync's file into dist-git), and `.distro/distsync.yaml`.
 */
export function initConfigFiles(c: InitConfigInput): { sourceGitYaml: string; distsyncYaml: string } {
  const pkg = c.layout.pkgName;
  const specName = c.layout.specPath.split('/').pop()!;
  const versionTag = getTag(c.spec, 'Version');
  const version = versionTag ? expandMacros(c.spec, versionTag.value, c.macros ?? {}).value : '';
  const template = inferTagTemplate(c.upstreamRef, version);
  const base = c.lookasideUrl ?? (c.layout.checksumKind === 'fedora-sources' ? FEDORA_LOOKASIDE : undefined);
  const sources = base && c.checksum ? c.checksum.entries.map((e) => ({ path: e.file, url: lookasideUrl(base, pkg, e.file, e.algo, e.hash) })) : [];
  const sourceGitYaml = renderSourceGitConfig({
    ...(c.upstreamUrl ? { upstream_project_url: c.upstreamUrl } : {}),
    upstream_ref: c.upstreamRef,
    ...(template ? { upstream_tag_template: template } : {}),
    specfile_path: `.distro/${specName}`,
    downstream_package_name: pkg,
    patch_generation_ignore_paths: ['.distro'],
    patch_generation_patch_id_digits: patchIdDigits(c.spec),
    sync_changelog: true,
    files_to_sync: filesToSync(c.layout, specName),
    ...(sources.length ? { sources } : {}),
  });
  const distsyncYaml = renderDistsyncFile({
    dist_git: { layout: c.layout.kind, ...(c.layout.checksumPath ? { checksum_file: c.layout.checksumPath } : {}) },
  });
  return { sourceGitYaml, distsyncYaml };
}

/** Packit's rule: the digits of the first PatchN tag as written (Patch0001 → 4), 1 without one. */
function patchIdDigits(spec: SpecDocument): number {
  const first = listTags(spec, 'Patch').find((t) => !t.fromList);
  const m = first ? /^\s*patch(\d+)/i.exec(spec.lines[first.line]!.text) : null;
  return m ? Math.min(m[1]!.length, 9) : 1;
}

function lookasideUrl(base: string, pkg: string, file: string, algo: string, hash: string): string {
  const enc = encodeURIComponent;
  return `${base.replace(/\/+$/, '')}/${enc(pkg)}/${enc(file)}/${algo}/${hash}/${enc(file)}`;
}

/**
 * How Packit copies `.distro/` into dist-git. Flat Fedora layout: Packit's
 * own entry. SPECS/ + SOURCES/ (which Packit does not know): the spec to
 * SPECS/, the checksum file to the top, the rest to SOURCES/.
 */
function filesToSync(layout: DistGitLayout, specName: string): FileToSync[] {
  const ours = ['exclude source-git.yaml', 'exclude distsync.yaml', 'exclude .gitignore'];
  if (layout.kind === 'fedora') {
    return [{ src: '.distro/', dest: '.', delete: true, filters: ['protect .git*', 'protect sources', ...ours] }];
  }
  const checksum = layout.checksumPath;
  return [
    { src: `.distro/${specName}`, dest: layout.specPath },
    ...(checksum ? [{ src: `.distro/${checksum}`, dest: checksum }] : []),
    { src: '.distro/', dest: `${layout.sourcesDir}/`, filters: [`exclude ${specName}`, ...(checksum ? [`exclude ${checksum}`] : []), ...ours] },
  ];
}
