import { distsyncFileSchema, type DistsyncFile } from './distsync-schema.js';
import { parseYamlConfig } from './parse-yaml-config.js';

export const DISTSYNC_FILE = '.distro/distsync.yaml';

/** Read `.distro/distsync.yaml`: bad-config errors with file, line and key. */
export function parseDistsyncFile(text: string, file = DISTSYNC_FILE): DistsyncFile {
  return parseYamlConfig(text, {
    schema: distsyncFileSchema,
    file,
    next: `fix ${file} and commit it (the keys are listed in README, "Configuration")`,
    emptyHint: 'remove it, or set at least one key',
  });
}
