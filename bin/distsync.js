#!/usr/bin/env node
// distsync command line. The TypeScript is compiled to dist/ by `npm ci` / `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('distsync is not built yet: run `npm ci` (or `npm run build`) in the distsync checkout first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main();
