// Writes schema/*.schema.json from the zod schemas (npm run schema).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaFiles } from '../src/core/config/json-schema-files.js';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const [path, text] of Object.entries(jsonSchemaFiles())) {
  writeFileSync(`${root}${path}`, text);
  process.stdout.write(`wrote ${path}\n`);
}
