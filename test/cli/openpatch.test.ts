import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../helpers/run-cli.js';
import { FIXTURES, git, removeDirs, tempDir } from '../helpers/corpus.js';
import { commitAt, writePipUpstream } from '../helpers/openpatch-fixtures.js';

const E2E = join(FIXTURES, 'openpatch', 'e2e');
const dirs: string[] = [];
afterAll(() => removeDirs(...dirs));

/** A repo whose branch `branch` has one commit with the files of `src` (dirs under it copied). */
function repoFrom(root: string, name: string, branch: string, files: (dir: string) => void, subject: string, date: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', branch);
  git(dir, 'config', 'user.name', 'Test Packager');
  git(dir, 'config', 'user.email', 'test@example.org');
  files(dir);
  commitAt(dir, subject, date);
  return dir;
}

/** The files of `ref` are exactly those of `dir` (recursively), byte for byte. */
function expectTreeEquals(repo: string, ref: string, dir: string): void {
  const files: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else files.push(`${rel}${e.name}`);
    }
  };
  walk(dir, '');
  expect(git(repo, 'ls-tree', '-r', '--name-only', ref).trim().split('\n').sort()).toEqual(files.sort());
  for (const f of files) expect(execFileSync('git', ['-C', repo, 'cat-file', 'blob', `${ref}:${f}`], { maxBuffer: 1 << 26 }), f).toEqual(readFileSync(join(dir, f)));
}

const head = (dir: string, ref = 'HEAD') => git(dir, 'rev-parse', ref).trim();
const show = (dir: string, spec: string) => git(dir, 'show', spec);

describe('distsync openpatch rebuild: python-pip c9s → el9, a maintainer\'s sequence', () => {
  const root = tempDir('openpatch-rebuild');
  dirs.push(root);
  const up = repoFrom(root, 'upstream', 'c9s', writePipUpstream, 'import python-pip-21.2.3-7.el9_3.1', '2024-03-14T23:29:16Z');
  const rb = repoFrom(root, 'rebuild', 'el9', (d) => cpSync(join(E2E, 'python-pip', 'distgit-el9', 'PATCHES'), join(d, 'PATCHES'), { recursive: true }), 'Add OpenELA directives', '2024-03-01T00:00:00Z');
  const directives1 = head(rb);

  it('first rebuild: the result is the real OpenELA el9 tree, byte for byte, with provenance trailers', async () => {
    const res = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('PATCHES/python-pip.cfg:6:3 spec_change.file #1: Patch8: 5000-add-openela.patch added before line 95');
    expect(res.out).toMatch(/rebuilt el9 from c9s [0-9a-f]{12}: commit [0-9a-f]{12}/);
    expectTreeEquals(rb, 'el9', join(E2E, 'python-pip', 'distgit-el9'));
    const msg = git(rb, 'log', '-1', '--format=%B');
    expect(msg).toContain('Rebuild python-pip-21.2.3-7.el9_3.1 with Open Patch directives');
    expect(msg).toContain(`Upstream-dist-git-commit: ${head(up)}\nDirectives-commit: ${directives1}\n`);
    expect(git(rb, 'rev-list', '--count', 'el9').trim()).toBe('2');
  });

  it('unchanged input: no commit', async () => {
    const before = head(rb);
    const res = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^up to date: el9 \([0-9a-f]{12}\) is already the rebuild of/m);
    expect(head(rb)).toBe(before);
  });

  it('upstream imports a new release: the next rebuild carries it, with the directives re-applied', async () => {
    const spec = join(up, 'SPECS', 'python-pip.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('Release:              7%{?dist}.1', 'Release:              8%{?dist}').replace('%changelog\n', '%changelog\n* Mon Apr 01 2024 Upstream <up@example.org> - 21.2.3-8\n- Rebuilt\n\n'));
    commitAt(up, 'import python-pip-21.2.3-8.el9', '2024-04-02T10:00:00Z');
    const res = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9']);
    expect(res.code).toBe(0);
    const out = show(rb, 'el9:SPECS/python-pip.spec');
    expect(out).toContain('Release:              8%{?dist}\n');
    expect(out).toContain('Patch7:               cve-2007-4559-tarfile.patch\nPatch8:               5000-add-openela.patch\n');
    expect(out).toContain('%changelog\n* Tue Apr 02 2024 Release Engineering <releng@openela.org> - %{base_version}%{?prerel:~%{prerel}}\n- Add openela to id list\n\n* Mon Apr 01 2024 Upstream');
    expect(git(rb, 'log', '-1', '--format=%B')).toContain(`Upstream-dist-git-commit: ${head(up)}`);
  });

  it('the directives change on el9 (append Release): the next rebuild applies them; the PR-branch form leaves el9 alone', async () => {
    const cfg = join(rb, 'PATCHES', 'python-pip.cfg');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('spec_change {\n', 'spec_change {\n  append {\n    field: "Release"\n    value: ".openela.1"\n  }\n\n'));
    commitAt(rb, 'Append .openela.1 to Release', '2024-04-03T00:00:00Z');
    const el9 = head(rb);
    const pr = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9', '--write-branch', 'distsync/rebuild/el9']);
    expect(pr.code).toBe(0);
    expect(head(rb, 'el9')).toBe(el9);
    expect(head(rb, 'distsync/rebuild/el9^')).toBe(el9);
    expect(show(rb, 'distsync/rebuild/el9:SPECS/python-pip.spec')).toContain('Release:              8%{?dist}.openela.1\n');
    expect(show(rb, 'distsync/rebuild/el9:SPECS/python-pip.spec')).toContain('- %{base_version}%{?prerel:~%{prerel}}.openela.1\n- Add openela to id list');
    expect(git(rb, 'log', '-1', '--format=%B', 'distsync/rebuild/el9')).toContain(`Directives-commit: ${el9}`);
    const again = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9', '--write-branch', 'distsync/rebuild/el9']);
    expect(again.out).toMatch(/^up to date: distsync\/rebuild\/el9/m);
  });

  it('a directive that no longer applies: exit 1, the cfg:line:column, the directive and the fix; nothing written', async () => {
    const cfg = join(rb, 'PATCHES', 'python-pip.cfg');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('spec_change {\n', 'spec_change {\n  search_and_replace {\n    any: true\n    find: "python3-setuptools-wheel"\n    replace: "x"\n    n: 1\n  }\n'));
    commitAt(rb, 'Broken directive', '2024-04-04T00:00:00Z');
    const before = head(rb);
    const refs = git(rb, 'for-each-ref');
    const res = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9']);
    expect(res.code).toBe(1);
    expect(res.err).toBe(
      'error: PATCHES/python-pip.cfg:6:3: spec_change.search_and_replace #1: "python3-setuptools-wheel" is not in SPECS/python-pip.spec (any, n: 1)\n' +
        "  next: update find: to the spec's current text, or drop this search_and_replace from PATCHES/python-pip.cfg\n",
    );
    expect(head(rb)).toBe(before);
    expect(git(rb, 'for-each-ref')).toBe(refs);
    expect(git(rb, 'status', '--porcelain')).toBe('');
  });

  it('a branch name that is not OpenELA\'s needs a map; --map routes el9-stream-S', async () => {
    const bad = await run(['openpatch', 'rebuild', up, rb, '--branch', 'rocky9']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("'rocky9' is not an OpenELA branch name");
    const missing = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9-stream-1.22']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('upstream branch c9s-stream-1.22 is not in');
  });
});

describe('distsync openpatch apply', () => {
  const root = tempDir('openpatch-apply');
  dirs.push(root);

  it('nginx el9 (real input): pages.cfg does not apply — exit 1, nothing committed, work tree clean', async () => {
    const dg = repoFrom(root, 'nginx', 'el9', (d) => cpSync(join(E2E, 'nginx', 'distgit-el9'), d, { recursive: true }), 'Add debranding for Nginx', '2024-02-09T12:50:54Z');
    const before = head(dg);
    const res = await run(['openpatch', 'apply', dg, dg]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('error: PATCHES/pages.cfg:1:1: replace #1: SOURCES/index.html does not exist in the dist-git tree (srpmproc: INVALID_FILE:SOURCES/index.html)');
    expect(head(dg)).toBe(before);
    expect(git(dg, 'status', '--porcelain')).toBe('');
  });

  it('redhat-rpm-config: --dry-run reports, then apply commits dist.sh + the changelog entry on the checked-out branch', async () => {
    const dg = repoFrom(root, 'rrc', 'el9', (d) => {
      cpSync(join(E2E, 'redhat-rpm-config', 'distgit-el9'), d, { recursive: true });
      const sh = join(d, 'SOURCES', 'dist.sh');
      writeFileSync(sh, readFileSync(sh, 'utf8').replace('CentOS|OpenELA', 'CentOS'));
    }, 'import redhat-rpm-config-201-1.el9', '2024-01-25T06:39:58Z');
    const before = head(dg);
    const dry = await run(['openpatch', 'apply', '--dry-run', dg, dg]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('PATCHES/redhat-rpm-config.cfg:1:1 replace #1: SOURCES/dist.sh ← PATCHES/dist.sh (1970 bytes → 1978 bytes)');
    expect(dry.out).toContain('would change 2 file(s)\n  updated  SOURCES/dist.sh\n  updated  SPECS/redhat-rpm-config.spec');
    expect(head(dg)).toBe(before);
    const res = await run(['openpatch', 'apply', '-m', 'Debrand redhat-rpm-config', dg, dg]);
    expect(res.code).toBe(0);
    expect(head(dg, 'HEAD^')).toBe(before);
    expect(readFileSync(join(dg, 'SOURCES', 'dist.sh'))).toEqual(readFileSync(join(dg, 'PATCHES', 'dist.sh')));
    expect(readFileSync(join(dg, 'SPECS', 'redhat-rpm-config.spec'), 'utf8')).toMatch(/%changelog\n\* \w{3} \w{3} \d\d \d{4} Release Engineering <releng@openela\.org> - 201\n- Add OpenELA to dist\.sh\n\n\* Thu Jan 25 2024 Release Engineering/);
    expect(git(dg, 'status', '--porcelain')).toBe('');
    const msg = git(dg, 'log', '-1', '--format=%B');
    expect(msg).toMatch(/^Debrand redhat-rpm-config\n\n- PATCHES\/redhat-rpm-config\.cfg:1:1 replace #1: SOURCES\/dist\.sh ← PATCHES\/dist\.sh/);
    expect(msg).toContain(`Directives-commit: ${before}`);
  });

  it('rebuild with a Rocky-style patch repository (ROCKY/CFG + ROCKY/_supporting): nginx el9 404/50x debranded, its commit in the trailer', async () => {
    const up = repoFrom(root, 'nginx-up', 'c9s', (d) => {
      cpSync(join(E2E, 'nginx', 'distgit-el9'), d, { recursive: true });
      rmSync(join(d, 'PATCHES'), { recursive: true });
    }, 'import nginx-1.22.1-5.module+el9.3.0.z+20438+032561a0', '2024-01-25T06:39:55Z');
    const patches = repoFrom(root, 'nginx-patch', 'main', (d) => {
      mkdirSync(join(d, 'ROCKY', 'CFG'), { recursive: true });
      mkdirSync(join(d, 'ROCKY', '_supporting'), { recursive: true });
      for (const f of ['404.html', '50x.html']) cpSync(join(E2E, 'nginx', 'distgit-el9', 'PATCHES', f), join(d, 'ROCKY', '_supporting', f));
      writeFileSync(join(d, 'ROCKY', 'CFG', 'pages.cfg'), 'replace {\n  file: "404.html"\n  with_file: "ROCKY/_supporting/404.html"\n}\nreplace {\n  file: "50x.html"\n  with_file: "ROCKY/_supporting/50x.html"\n}\n');
    }, 'Debrand default pages', '2024-02-01T00:00:00Z');
    const rb = join(root, 'nginx-rb');
    git(root, 'init', '-q', '--bare', rb);
    const res = await run(['openpatch', 'rebuild', up, rb, '--branch', 'el9', '--patches', patches]);
    expect(res.err).toBe('');
    expect(res.out).toContain('ROCKY/CFG/pages.cfg:1:1 replace #1: SOURCES/404.html ← ROCKY/_supporting/404.html (3971 bytes → 3299 bytes)');
    expect(git(rb, 'cat-file', 'blob', 'el9:SOURCES/50x.html')).toBe(readFileSync(join(E2E, 'nginx', 'distgit-el9', 'PATCHES', '50x.html'), 'utf8'));
    expect(git(rb, 'ls-tree', '-r', '--name-only', 'el9')).not.toContain('ROCKY/');
    expect(git(rb, 'log', '-1', '--format=%B', 'el9')).toContain(`Upstream-dist-git-commit: ${head(up)}\nDirectives-commit: ${head(patches)}\n`);
    expect(git(rb, 'rev-list', '--count', 'el9').trim()).toBe('1');
  });

  it('apply --ref: the upstream import\'s tree + the directives becomes the next commit of the checked-out el9, which keeps its PATCHES/', async () => {
    const dg = repoFrom(root, 'pip-apply', 'c9s', writePipUpstream, 'import python-pip-21.2.3-7.el9_3.1', '2024-03-14T23:29:16Z');
    const imported = head(dg);
    git(dg, 'checkout', '-q', '-b', 'el9');
    cpSync(join(E2E, 'python-pip', 'distgit-el9', 'PATCHES'), join(dg, 'PATCHES'), { recursive: true });
    commitAt(dg, 'Add OpenELA directives', '2024-03-14T23:30:00Z');
    const el9 = head(dg);
    const res = await run(['openpatch', 'apply', '--ref', 'c9s', dg, dg]);
    expect(res.code).toBe(0);
    expect(head(dg, 'HEAD^')).toBe(el9);
    expect(git(dg, 'log', '-1', '--format=%B')).toContain(`Upstream-dist-git-commit: ${imported}\nDirectives-commit: ${el9}\n`);
    const spec = readFileSync(join(dg, 'SPECS', 'python-pip.spec'), 'utf8');
    expect(spec).toContain('Patch7:               cve-2007-4559-tarfile.patch\nPatch8:               5000-add-openela.patch\n');
    expect(readFileSync(join(dg, 'PATCHES', 'python-pip.cfg'))).toEqual(readFileSync(join(E2E, 'python-pip', 'distgit-el9', 'PATCHES', 'python-pip.cfg')));
    expect(git(dg, 'status', '--porcelain')).toBe('');
  });

  it('lookaside directive: without --lookaside exit 2 and nothing written; with it the file moves to the store and the metadata file', async () => {
    const dg = repoFrom(root, 'nginx-lk', 'el9', (d) => {
      cpSync(join(E2E, 'nginx', 'distgit-el9'), d, { recursive: true });
      writeFileSync(join(d, 'PATCHES', 'pages.cfg'), 'lookaside {\n  file: "nginx-logo.png"\n}\n');
    }, 'Keep the logo in the lookaside', '2024-02-09T12:50:54Z');
    const before = head(dg);
    const refused = await run(['openpatch', 'apply', dg, dg]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('no lookaside is configured');
    expect(head(dg)).toBe(before);
    const store = join(root, 'lookaside-store');
    mkdirSync(store);
    const res = await run(['openpatch', 'apply', '--lookaside', store, dg, dg]);
    expect(res.err).toBe('');
    const logo = readFileSync(join(E2E, 'nginx', 'distgit-el9', 'SOURCES', 'nginx-logo.png'));
    const hash = createHash('sha256').update(logo).digest('hex');
    expect(res.out).toContain(`  lookaside SOURCES/nginx-logo.png ${hash}`);
    expect(readFileSync(join(dg, '.nginx.metadata'), 'utf8').split('\n')).toContain(`${hash} SOURCES/nginx-logo.png`);
    expect(readFileSync(join(dg, '.gitignore'), 'utf8').split('\n')).toContain('SOURCES/nginx-logo.png');
    expect(git(dg, 'ls-tree', '-r', '--name-only', 'HEAD')).not.toContain('SOURCES/nginx-logo.png');
    const stored = execFileSync('find', [store, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    expect(stored).toHaveLength(1);
    expect(readFileSync(stored[0]!)).toEqual(logo);
  });
});
