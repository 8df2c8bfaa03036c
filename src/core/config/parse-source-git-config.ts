import { DEPRECATED_SOURCE_GIT_KEYS, PACKIT_CONFIG_KEYS } from './packit-keys.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { sourceGitConfigSchema, type SourceGitConfig } from './source-git-schema.js';

export { MAX_CONFIG_BYTES, YAML_OPTIONS } from './parse-yaml-config.js';

/**
 * Read `.distro/source-git.yaml`. YAML and schema problems are bad-config
 * errors with the line of the offending key; defaults are filled in; Packit's
 * other keys are kept; a key Packit does not know is refused (Packit would
 * refuse the file too), except the deprecated `dist_git` / `distsync`.
 */
export function parseSourceGitConfig(text: string, file = '.distro/source-git.yaml'): SourceGitConfig {
  return parseYamlConfig(text, {
    schema: sourceGitConfigSchema,
    file,
    next: `fix ${file} and commit it`,
    emptyHint: 'it needs at least upstream_ref, specfile_path and downstream_package_name',
    keyProblem: (key) =>
      PACKIT_CONFIG_KEYS.has(key) || key === '_' || (DEPRECATED_SOURCE_GIT_KEYS as readonly string[]).includes(key)
        ? undefined
        : "Packit does not know this key and refuses the whole file ('Unknown field'); distsync's own settings go in .distro/distsync.yaml",
  }) as SourceGitConfig;
}
