#!/usr/bin/env node
// distsync command line. `npm ci` / `npm run build` compile the TypeScript to dist/ and bundle the
// command line into dist/cli-bundle/ (scripts/bundle-cli.mjs), which starts faster than dist/cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = [new URL('../dist/cli-bundle/main.js', import.meta.url), new URL('../dist/cli/main.js', import.meta.url)].find((u) => existsSync(fileURLToPath(u)));
if (!entry) {
  process.stderr.write('distsync is not built yet: run `npm ci` (or `npm run build`) in the distsync checkout first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main();
