import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli/', import.meta.url));
/** What `distsync --help` loads: program.ts and every command's registration. */
const STARTUP = ['program.ts', 'main.ts', 'cli-context.ts', 'console-logger.ts', 'options.ts', ...readdirSync(join(CLI, 'commands')).map((f) => `commands/${f}`)];
/** Modules only a command's action may load (with `await import(…)`): use cases, adapters, the App, databases. */
const HEAVY = /^(\.\.\/)+(sync|git|rpm|lookaside|store\/(?!types)|app|forge|archive|jobs|core\/(config|spec|patches|openpatch|lookaside))|^(probot|pg|pg-boss|better-sqlite3|@octokit\/.*|yaml|zod)$/;

describe('CLI start-up loads no heavy module (distsync --help stays fast)', () => {
  it.each(STARTUP)('%s imports use cases and adapters only inside actions', (file) => {
    const text = readFileSync(join(CLI, file), 'utf8');
    const statics = [...text.matchAll(/^import (?!type )[^'"]*from '([^']+)';$/gm)].map((m) => m[1]!);
    expect(statics.filter((s) => HEAVY.test(s))).toEqual([]);
  });
});
