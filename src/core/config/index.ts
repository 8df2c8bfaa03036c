/** Config: `.distro/source-git.yaml` (Packit-compatible keys), one zod schema with defaults. */
export { sourceGitConfigSchema, sourceGitConfigJsonSchema, relativePathProblem, type SourceGitConfig, type FileToSync } from './source-git-schema.js';
export { parseSourceGitConfig, MAX_CONFIG_BYTES } from './parse-source-git-config.js';
export { renderSourceGitConfig, type SourceGitConfigInput } from './render-source-git-config.js';
export { refNameProblem } from './git-ref-name.js';
