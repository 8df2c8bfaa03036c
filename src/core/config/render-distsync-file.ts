import { Document } from 'yaml';
import type { DistsyncFile } from './distsync-schema.js';
import { parseDistsyncFile } from './parse-distsync-file.js';

const HEADER = [
  ' distsync settings (not read by Packit; Packit reads source-git.yaml).',
  ' Keys: README "Configuration"; JSON Schema: schema/distsync.schema.json in distsync.',
].join('\n');

/** `.distro/distsync.yaml` text; read back, so an invalid config throws bad-config here. */
export function renderDistsyncFile(c: Partial<DistsyncFile>): string {
  const doc = new Document(c, { version: '1.1' });
  doc.commentBefore = HEADER;
  const text = doc.toString({ lineWidth: 0 });
  parseDistsyncFile(text);
  return text;
}
