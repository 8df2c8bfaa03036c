import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { cloneUpstream, git, makeDistGit, makeLookaside, removeDirs, status, tempDir } from '../helpers/corpus.js';

const run = runCliCaptured;

describe('distsync CLI', () => {
  let dir: string, distGit: string, sourceGit: string, lookaside: string;
  beforeAll(() => {
    dir = tempDir('cli');
    distGit = makeDistGit(dir, 'lz4');
    lookaside = makeLookaside(dir, 'lz4');
    sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
  });
  afterAll(() => removeDirs(dir));

  it('prints help with the Packit-style verbs and exits 0', async () => {
    const res = await run(['source-git', '--help']);
    expect(res.code).toBe(0);
    for (const verb of ['init', 'update-dist-git', 'update-source-git', 'status']) expect(res.out).toContain(verb);
  });

  it('a usage error exits 2', async () => {
    const res = await run(['source-git', 'init', 'only-one-arg']);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/missing required argument/);
  });

  it('a bad --define exits 2 and says what a good one looks like', async () => {
    const res = await run(['source-git', 'status', '--define', '%%%', sourceGit, distGit]);
    expect(res.code).toBe(2);
    expect(res.err).toContain("next: e.g. --define 'dist .el9'");
  });

  it('init, then status --json, then update-dist-git reports no change', async () => {
    const init = await run(['source-git', 'init', '--lookaside', lookaside, 'v1.9.3', sourceGit, distGit]);
    expect(init.code).toBe(0);
    expect(init.out).toContain('1 patch(es) imported as commits');
    expect(init.out).toContain(`next: distsync source-git status ${sourceGit} ${distGit}`);
    const st = await run(['--json', 'source-git', 'status', sourceGit, distGit]);
    expect(st.code).toBe(0);
    expect(JSON.parse(st.out)).toMatchObject({ state: 'in-sync', pendingFiles: [] });
    const up = await run(['source-git', 'update-dist-git', sourceGit, distGit]);
    expect(up).toMatchObject({ code: 0 });
    expect(up.out).toContain('dist-git is up to date');
    expect(status(distGit)).toBe('');
  });

  it('an error names the file and the next command, exit 1', async () => {
    mkdirSync(join(dir, 'not-a-repo'));
    const res = await run(['source-git', 'update-dist-git', join(dir, 'not-a-repo'), distGit]);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^error: .*is not a git repository\n {2}next: /m);
  });

  it('update-dist-git --dry-run writes nothing', async () => {
    git(sourceGit, 'commit', '-q', '--allow-empty', '-m', 'empty');
    const head = git(distGit, 'rev-parse', 'HEAD');
    const res = await run(['source-git', 'update-dist-git', '--dry-run', sourceGit, distGit]);
    expect(res.code).toBe(0);
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(head);
    expect(status(distGit)).toBe('');
  });

  it('verify on a real mismatch exits 1 and names the file', async () => {
    git(sourceGit, 'commit', '-q', '--allow-empty', '-m', 'noop');
    writeFileSync(join(sourceGit, 'NEWS'), 'changed in source-git, never synced\n');
    git(sourceGit, 'commit', '-q', '-am', 'unsynced change');
    const res = await run(['verify', '--lookaside', lookaside, sourceGit, distGit]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('MISMATCH');
    expect(res.out).toContain('mismatch content: NEWS');
    git(sourceGit, 'reset', '-q', '--hard', 'HEAD~1');
  });

  it('verify says in --help that it runs rpm on the spec, prints one warning line when it does, and refuses a bad --target first', async () => {
    const help = await run(['verify', '--help']);
    expect(help.out.replace(/\s+/g, ' ')).toMatch(/This runs rpm on the spec: rpm executes its %\(…\), %\{lua:…\} and %prep shell code/);
    const ok = await run(['verify', '--lookaside', lookaside, sourceGit, distGit]);
    expect(ok.code).toBe(0);
    expect(ok.err.split('\n').filter((l) => l.startsWith('warning: running rpmbuild -bp on '))).toHaveLength(1);
    const bad = await run(['verify', '--target', 'x86_64;touch /tmp/pwned', '--lookaside', lookaside, sourceGit, distGit]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("invalid --target 'x86_64;touch /tmp/pwned'");
    expect(bad.err).not.toContain('running rpmbuild');
  });

  it('verify without rpmbuild on PATH exits 2 and says how to install it', () => {
    const bin = join(dir, 'bin-without-rpm');
    mkdirSync(bin);
    for (const tool of ['git', 'patch', 'tar', 'gzip', 'xz']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const script = `const m = await import(${JSON.stringify(new URL('../../src/cli/program.ts', import.meta.url).pathname)}); process.exitCode = await m.runCli(['verify', ${JSON.stringify(sourceGit)}, ${JSON.stringify(distGit)}]);`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, PATH: bin } });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('rpmbuild is not installed');
    expect(res.stderr).toContain('apt-get install -y rpm');
  });
});

describe('distsync propose-downstream (CLI)', () => {
  it('proposes lz4 1.9.4 from the upstream bundle and prints the report', async () => {
    const dir = tempDir('cli-propose');
    try {
      const distGit = makeDistGit(dir, 'lz4');
      const lookaside = makeLookaside(dir, 'lz4');
      const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
      expect((await run(['source-git', 'init', '--lookaside', lookaside, 'v1.9.3', sourceGit, distGit])).code).toBe(0);
      const bad = await run(['propose-downstream', '--lookaside', 'https://src.example.org/lookaside', '--tag', 'v1.9.4', sourceGit, distGit]);
      expect(bad.code).toBe(2);
      const res = await run(['propose-downstream', '--lookaside', join(dir, 'store'), '--tag', 'v1.9.4', '--packager', 'Jane Packager <jane@example.org>', sourceGit, distGit]);
      expect(res.err).not.toContain('error:');
      expect(res.code).toBe(0);
      expect(res.out).toContain('proposed 1.9.4 (tag v1.9.4)');
      expect(res.out).toContain('merged upstream: lz4-cve-2021-3520.patch');
      expect(res.out).toContain('dist-git branch:   propose-downstream/1.9.4');
      expect(git(distGit, 'show', 'propose-downstream/1.9.4:SPECS/lz4.spec')).toContain('Jane Packager <jane@example.org> - 1.9.4-1');
    } finally {
      removeDirs(dir);
    }
  });
});
