import { Document } from 'yaml';
import { DistsyncError } from '../errors.js';
import { DEPRECATED_SOURCE_GIT_KEYS } from './packit-keys.js';
import { parseSourceGitConfig } from './parse-source-git-config.js';
import type { SourceGitConfig } from './source-git-schema.js';

const HEADER = [
  ' source-git configuration, read by distsync (and by Packit: the keys are Packit’s).',
  ' upstream_ref: the upstream commit/tag the downstream commits in this repo sit on.',
  ' Packaging files live in .distro/; each commit after upstream_ref becomes a patch.',
].join('\n');

const ORDER = [
  'upstream_project_url',
  'upstream_ref',
  'upstream_tag_template',
  'specfile_path',
  'downstream_package_name',
  'patch_generation_ignore_paths',
  'patch_generation_patch_id_digits',
  'sync_changelog',
  'files_to_sync',
  'sources',
];

export type SourceGitConfigInput = Partial<SourceGitConfig> & Pick<SourceGitConfig, 'upstream_ref' | 'specfile_path' | 'downstream_package_name'>;

/**
 * `.distro/source-git.yaml` text for a config: a comment header, Packit's
 * source-git keys in a fixed order, other (Packit) keys after them; keys left
 * undefined are not written; distsync's own keys are refused.
 * The output is read back, so an invalid config throws bad-config here.
 */
export function renderSourceGitConfig(c: SourceGitConfigInput): string {
  const ours = DEPRECATED_SOURCE_GIT_KEYS.filter((k) => c[k] !== undefined);
  if (ours.length) {
    throw new DistsyncError('bad-config', `${ours.join(', ')} is distsync's, not Packit's: it does not belong in .distro/source-git.yaml`, {
      next: 'write it to .distro/distsync.yaml (renderDistsyncFile)',
    });
  }
  const keys = [...ORDER, ...Object.keys(c).filter((k) => !ORDER.includes(k)).sort()];
  const ordered: Record<string, unknown> = {};
  for (const k of keys) if (c[k] !== undefined) ordered[k] = c[k];
  // stringified as YAML 1.1 so that 'yes', 'on', '1:20', … come out quoted for PyYAML (Packit) too
  const doc = new Document(ordered, { version: '1.1' });
  doc.commentBefore = HEADER;
  const text = doc.toString({ lineWidth: 0 });
  parseSourceGitConfig(text);
  return text;
}
