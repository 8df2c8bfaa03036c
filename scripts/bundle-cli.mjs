// Bundles the command line (src/cli/main.ts and everything it imports, with commander, zod and yaml)
// into dist/cli-bundle/ (`npm run build` runs it after tsc). One file per lazily imported command
// keeps `distsync --help` from loading use cases; node resolves and compiles ~20 files instead of ~300.
// Probot, the database drivers and the metrics client stay outside: only `web`, `worker`, `jobs` and
// `migrate-store` load them, from node_modules as before.
//
//   node scripts/bundle-cli.mjs [outdir]     (default: dist/cli-bundle)
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Packages loaded from node_modules at run time, never copied into the bundle. */
export const EXTERNAL = ['probot', 'pg', 'pg-boss', 'better-sqlite3', 'prom-client', '@octokit/*'];

export async function bundleCli(outdir) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await rm(outdir, { recursive: true, force: true });
  const res = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    // commander is CommonJS: its require('node:events') needs a require inside an ES module
    banner: { js: "import { createRequire as __distsyncCreateRequire } from 'node:module'; const require = __distsyncCreateRequire(import.meta.url);" },
    // stack traces keep our function names; whitespace and syntax minified (less for node to parse at start-up)
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  return res.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? fileURLToPath(new URL('../dist/cli-bundle', import.meta.url));
  const meta = await bundleCli(outdir);
  process.stdout.write(`bundled the CLI into ${outdir} (${Object.keys(meta.outputs).filter((f) => f.endsWith('.js')).length} files)\n`);
}
