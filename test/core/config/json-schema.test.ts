import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../../../src/core/config/json-schema-files.js';

describe('committed JSON Schemas', () => {
  it.each(Object.entries(jsonSchemaFiles()))('%s is what the zod schema generates (run `npm run schema` after changing a schema)', (path, text) => {
    expect(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')).toBe(text);
  });
});
