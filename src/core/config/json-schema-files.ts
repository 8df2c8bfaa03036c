import { distsyncJsonSchema } from './distsync-schema.js';
import { sourceGitConfigJsonSchema } from './source-git-schema.js';

/**
 * The JSON Schemas committed in schema/ (for editors: `# yaml-language-server:
 * $schema=…`), generated from the zod schemas: `npm run schema` writes them,
 * test/core/config/json-schema.test.ts fails when they are out of date.
 */
export function jsonSchemaFiles(): Record<string, string> {
  const file = (id: string, title: string, schema: Record<string, unknown>) =>
    `${JSON.stringify({ $id: id, title, ...schema }, null, 2)}\n`;
  return {
    'schema/distsync.schema.json': file('distsync.schema.json', '.distro/distsync.yaml (distsync settings)', distsyncJsonSchema()),
    'schema/source-git.schema.json': file('source-git.schema.json', ".distro/source-git.yaml (Packit's source-git keys, as distsync reads them)", sourceGitConfigJsonSchema()),
  };
}
