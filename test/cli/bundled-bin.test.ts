import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/repo-state.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, tempDir } from '../helpers/corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What a user runs: bin/distsync.js over the bundle `npm run build` makes (scripts/bundle-cli.mjs),
 * built here from the current sources into a copy of the package layout (bin/ + dist/cli-bundle/).
 */
describe('the installed bin runs the bundled command line', () => {
  let dir: string, pkg: string, env: NodeJS.ProcessEnv;
  const bin = (args: string[], cwd = dir) => spawnSync(process.execPath, [join(pkg, 'bin', 'distsync.js'), ...args], { cwd, env, encoding: 'utf8' });
  /** The same command line from the TypeScript sources (what the other CLI tests run), as its own process. */
  const fromSources = (args: string[], cwd = dir) => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(dir, 'from-sources.mjs'), ...args], { cwd, env, encoding: 'utf8' });

  beforeAll(() => {
    dir = tempDir('bundled-bin');
    pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin', 'distsync.js'), join(pkg, 'bin', 'distsync.js'));
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-cli.mjs'), join(pkg, 'dist', 'cli-bundle')], { cwd: ROOT, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    writeFileSync(join(dir, 'from-sources.mjs'), `const { main } = await import(${JSON.stringify(join(ROOT, 'src', 'cli', 'main.ts'))});\nawait main();\n`);
    mkdirSync(join(dir, 'home'));
    mkdirSync(join(dir, 'tmp'));
    env = childEnv(join(dir, 'tmp'), join(dir, 'home'));
  }, 60_000);
  afterAll(() => removeDirs(dir));

  it('--help lists the verbs, exit 0; a usage error exits 2', () => {
    const help = bin(['source-git', '--help']);
    expect(help.status).toBe(0);
    for (const verb of ['init', 'update-dist-git', 'update-source-git', 'status']) expect(help.stdout).toContain(verb);
    const usage = bin(['source-git', 'init', 'only-one-arg']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/missing required argument/);
  });

  it('--help loads no chunk that holds zod, yaml or a use case (they load inside the command that needs them)', () => {
    const out = join(pkg, 'dist', 'cli-bundle');
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(join(out, file), 'utf8');
      for (const m of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"();]*?\sfrom\s*)?["']\.\/([^"']+)["']/g)) visit(m[1]!);
    };
    visit('main.js');
    // where each is defined (keepNames keeps the names): zod's ZodType, yaml's YAMLMap, two use cases
    const defines = (name: RegExp) => (f: string) => name.test(readFileSync(join(out, f), 'utf8'));
    const heavy = [...loaded].filter(defines(/\$constructor\("ZodType"|class YAMLMap\b|function updateDistGit\(|function readSourceGit\(/));
    expect(heavy).toEqual([]);
    // and the bundle does hold them, in chunks loaded later: the check above can fail
    const all = readdirSync(out).filter((f) => f.endsWith('.js'));
    expect(all.some(defines(/\$constructor\("ZodType"/))).toBe(true);
    expect(all.some(defines(/function updateDistGit\(/))).toBe(true);
  });

  it('init and update-dist-git -m through the bin make the same dist-git change as the sources run with tsx (real lz4)', () => {
    const runs = ['bin', 'src'].map((kind) => {
      const base = join(dir, kind);
      mkdirSync(base);
      const distGit = makeDistGit(base, 'lz4');
      const lookaside = makeLookaside(base, 'lz4');
      const sourceGit = cloneUpstream(base, 'lz4', 'v1.9.3');
      const cli = kind === 'bin' ? bin : fromSources;
      const init = cli(['source-git', 'init', '--lookaside', lookaside, 'v1.9.3', sourceGit, distGit]);
      expect({ kind, status: init.status, err: init.stderr }).toEqual({ kind, status: 0, err: expect.not.stringContaining('error:') });
      writeFileSync(join(sourceGit, 'README.md'), 'changed downstream\n');
      // fixed identity and dates (childEnv): both runs commit the same source-git commit
      expect(spawnSync('git', ['commit', '-q', '-am', 'Change the README downstream'], { cwd: sourceGit, env }).status).toBe(0);
      const up = cli(['source-git', 'update-dist-git', '-m', 'Sync from source-git', sourceGit, distGit]);
      expect(up.status).toBe(0);
      // the dist-git the helpers make carries the wall-clock time, so shas differ between the two runs: compare without them
      const noSha = (text: string) => text.replaceAll(base, '<dir>').replace(/\b[0-9a-f]{12,40}\b/g, '<sha>');
      return {
        out: noSha(up.stdout),
        files: git(distGit, 'show', '--name-status', '--format=', 'HEAD'),
        patch: noSha(git(distGit, 'show', 'HEAD:SOURCES/0002-Change-the-README-downstream.patch')),
        spec: git(distGit, 'show', 'HEAD:SPECS/lz4.spec'),
        message: noSha(git(distGit, 'log', '-1', '--format=%B')),
      };
    });
    expect(runs[0]!.files).toContain('0002-Change-the-README-downstream.patch');
    expect(runs[0]).toEqual(runs[1]);
  }, 120_000);

  it('an error exits 1 with the next command; an unbuilt checkout exits 2 and says how to build', () => {
    mkdirSync(join(dir, 'not-a-repo'));
    const res = bin(['source-git', 'status', join(dir, 'not-a-repo'), join(dir, 'not-a-repo')]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^error: .*is not a git repository\n {2}next: /m);
    const bare = join(dir, 'unbuilt', 'bin');
    mkdirSync(bare, { recursive: true });
    copyFileSync(join(ROOT, 'bin', 'distsync.js'), join(bare, 'distsync.js'));
    const unbuilt = spawnSync(process.execPath, [join(bare, 'distsync.js'), '--help'], { env, encoding: 'utf8' });
    expect(unbuilt.status).toBe(2);
    expect(unbuilt.stderr).toContain('run `npm ci` (or `npm run build`)');
  });
});
