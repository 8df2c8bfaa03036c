/** Config: `.distro/source-git.yaml` (Packit's keys) and `.distro/distsync.yaml` (distsync's own), zod schemas with defaults. */
export { sourceGitConfigSchema, sourceGitConfigJsonSchema, relativePathProblem, type SourceGitConfig, type FileToSync } from './source-git-schema.js';
export { parseSourceGitConfig, MAX_CONFIG_BYTES } from './parse-source-git-config.js';
export { renderSourceGitConfig, type SourceGitConfigInput } from './render-source-git-config.js';
export { refNameProblem } from './git-ref-name.js';
export { distsyncFileSchema, distsyncJsonSchema, type DistsyncFile } from './distsync-schema.js';
export { parseDistsyncFile, DISTSYNC_FILE } from './parse-distsync-file.js';
export { PACKIT_CONFIG_KEYS, DEPRECATED_SOURCE_GIT_KEYS } from './packit-keys.js';
export { renderDistsyncFile } from './render-distsync-file.js';
export { inferTagTemplate } from './infer-tag-template.js';
