import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDirectives, findDirectiveFiles, parseCfg, type FileTree, type TreeFile } from '../../../src/core/openpatch/index.js';
import { findRpmbuild, runPrep } from '../../../src/rpm/index.js';
import { FIXTURES, removeDirs, tempDir } from '../../helpers/corpus.js';
import { thrown } from '../../helpers/thrown.js';
import { lineDiff } from './tree-helpers.js';

/**
 * The three real OpenELA el9 branches (fixtures/openpatch/e2e, see NOTES.md) with their own PATCHES/
 * directives: python-pip and redhat-rpm-config are srpmproc OUTPUT (directives already applied),
 * nginx is INPUT (PATCHES/ added after the import, never applied).
 */
const E2E = join(FIXTURES, 'openpatch', 'e2e');
const rpmbuildPresent = await findRpmbuild().then(() => true, () => false);
const dirs: string[] = [];
afterAll(() => removeDirs(...dirs));

function readTree(root: string, dir = ''): Map<string, TreeFile> {
  const out = new Map<string, TreeFile>();
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    const st = statSync(join(root, rel));
    if (st.isDirectory()) for (const [k, v] of readTree(root, rel)) out.set(k, v);
    else out.set(rel, { data: new Uint8Array(readFileSync(join(root, rel))), mode: st.mode & 0o111 ? '100755' : '100644' });
  }
  return out;
}

const utf8 = (t: FileTree, p: string) => new TextDecoder().decode(t.get(p)!.data);
const setText = (t: Map<string, TreeFile>, p: string, s: string) => t.set(p, { data: new TextEncoder().encode(s), mode: t.get(p)?.mode ?? '100644' });

/** Apply a branch's own PATCHES/*.cfg (the branch is also the patch repository, as in OpenELA). */
function applyOwn(tree: Map<string, TreeFile>, date: Date) {
  const { files } = findDirectiveFiles(tree.keys());
  const cfgs = files.map((f) => parseCfg(utf8(tree, f), f));
  return applyDirectives({ cfgs, patchTree: tree, tree, date });
}

function changedPaths(a: FileTree, b: FileTree): string[] {
  const all = new Set([...a.keys(), ...b.keys()]);
  return [...all].filter((p) => !a.get(p) || !b.get(p) || Buffer.compare(Buffer.from(a.get(p)!.data), Buffer.from(b.get(p)!.data)) !== 0).sort();
}

function writeTree(t: FileTree, root: string): void {
  for (const [p, f] of t) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), f.data);
  }
}

describe('python-pip el9 (openela-main/python-pip @ d6550fa): add + spec_change file add + changelog', () => {
  const real = readTree(join(E2E, 'python-pip', 'distgit-el9'));
  const spec = 'SPECS/python-pip.spec';
  const date = new Date('2024-03-14T23:29:16Z'); // the import commit's date, as in the real entry

  it('from the derived input, reproduces the real OpenELA output byte for byte (every file)', () => {
    const input = new Map(real);
    input.delete('SOURCES/5000-add-openela.patch');
    const realSpec = utf8(real, spec);
    const entry = '* Thu Mar 14 2024 Release Engineering <releng@openela.org> - %{base_version}%{?prerel:~%{prerel}}\n- Add openela to id list\n\n';
    expect(realSpec).toContain(`%changelog\n${entry}`);
    setText(input, spec, realSpec.replace('Patch8:               5000-add-openela.patch\n', '').replace(entry, ''));
    const { tree, effects } = applyOwn(input, date);
    expect(changedPaths(real, tree)).toEqual([]);
    expect(effects.map((e) => `${e.cfg}:${e.at?.line}:${e.at?.column} ${e.kind} #${e.index}: ${e.summary}`)).toEqual([
      'PATCHES/python-pip.cfg:1:1 add #1: SOURCES/5000-add-openela.patch added from PATCHES/5000-add-openela.patch (912 bytes)',
      'PATCHES/python-pip.cfg:6:3 spec_change.file #1: Patch8: 5000-add-openela.patch added before line 95',
      "PATCHES/python-pip.cfg:12:3 spec_change.changelog #1: entry '* Thu Mar 14 2024 Release Engineering <releng@openela.org> - %{base_version}%{?prerel:~%{prerel}}' with 1 line at the top of %changelog",
    ]);
  });

  it('applied again to its own (already patched) tree: the file is rewritten identical, Patch9 follows Patch8 aligned, a second entry goes on top', () => {
    const { tree } = applyOwn(new Map(real), new Date('2024-04-01T00:00:00Z'));
    expect(changedPaths(real, tree)).toEqual([spec]);
    expect(tree.get('SOURCES/5000-add-openela.patch')!.data).toEqual(real.get('PATCHES/5000-add-openela.patch')!.data);
    const d = lineDiff(utf8(real, spec), utf8(tree, spec));
    expect(d.removed).toEqual([]);
    expect(d.added.sort()).toEqual(['', '* Mon Apr 01 2024 Release Engineering <releng@openela.org> - %{base_version}%{?prerel:~%{prerel}}', '- Add openela to id list', 'Patch9:               5000-add-openela.patch']);
    expect(utf8(tree, spec)).toContain('%changelog\n* Mon Apr 01 2024 Release Engineering <releng@openela.org> - %{base_version}%{?prerel:~%{prerel}}\n- Add openela to id list\n\n* Thu Mar 14 2024');
    expect(utf8(tree, spec)).toContain('Patch8:               5000-add-openela.patch\nPatch9:               5000-add-openela.patch\n');
  });

  it.skipIf(!rpmbuildPresent)('the result still parses with rpmspec (the pip tarball is not at hand for -bp)', () => {
    const { tree } = applyOwn(new Map(real), date);
    const root = tempDir('openpatch-pip');
    dirs.push(root);
    writeTree(tree, root);
    const out = execFileSync('rpmspec', ['-P', '--define', 'dist .el9', '--define', 'rhel 9', '--define', '_buildshell /bin/bash', join(root, spec)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(out).toContain('Patch9:               5000-add-openela.patch');
    expect(out).toContain('* Thu Mar 14 2024 Release Engineering <releng@openela.org> - 21.2.3\n- Add openela to id list');
  });
});

describe('redhat-rpm-config el9 (@ 7a9ea59): replace dist.sh + changelog', () => {
  const real = readTree(join(E2E, 'redhat-rpm-config', 'distgit-el9'));
  const spec = 'SPECS/redhat-rpm-config.spec';
  const entry = '* Thu Jan 25 2024 Release Engineering <releng@openela.org> - 201\n- Add OpenELA to dist.sh\n\n';

  it('from the derived input (CentOS dist.sh without OpenELA, no entry), reproduces the real output byte for byte', () => {
    const input = new Map(real);
    setText(input, 'SOURCES/dist.sh', utf8(real, 'SOURCES/dist.sh').replace('CentOS|OpenELA', 'CentOS'));
    setText(input, spec, utf8(real, spec).replace(entry, ''));
    const { tree, effects } = applyOwn(input, new Date('2024-01-25T06:39:58Z'));
    expect(changedPaths(real, tree)).toEqual([]);
    expect(tree.get('SOURCES/dist.sh')!.data).toEqual(real.get('PATCHES/dist.sh')!.data);
    expect(effects.map((e) => e.summary)).toEqual([
      'SOURCES/dist.sh ← PATCHES/dist.sh (1970 bytes → 1978 bytes)',
      "entry '* Thu Jan 25 2024 Release Engineering <releng@openela.org> - 201' with 1 line at the top of %changelog",
    ]);
  });

  it.skipIf(!rpmbuildPresent)('the result passes rpmbuild -bp (every source is in git)', async () => {
    const { tree } = applyOwn(new Map(real), new Date('2024-06-01T00:00:00Z'));
    const root = tempDir('openpatch-rrc');
    dirs.push(root);
    writeTree(tree, root);
    const res = await runPrep({ specPath: join(root, spec), sourceDir: join(root, 'SOURCES'), defines: [['dist', '.el9'], ['rhel', '9']], workDir: join(root, 'rpmbuild') });
    expect(readFileSync(join(res.buildDir, 'dist.sh'))).toEqual(Buffer.from(real.get('PATCHES/dist.sh')!.data));
  });
});

describe('nginx el9 (@ da8d848): pages.cfg was never applied — and cannot be', () => {
  const real = readTree(join(E2E, 'nginx', 'distgit-el9'));

  it('the first replace fails like srpmproc (el9 nginx has no SOURCES/index.html), naming the cfg, directive and fix; nothing is changed', () => {
    const before = new Map(real);
    const e = thrown(() => applyOwn(real, new Date()));
    expect(e.format()).toBe(
      'PATCHES/pages.cfg:1:1: replace #1: SOURCES/index.html does not exist in the dist-git tree (srpmproc: INVALID_FILE:SOURCES/index.html)\n' +
        '  next: drop this replace from PATCHES/pages.cfg (the package no longer ships index.html), or use add { file: … } to create it',
    );
    expect(changedPaths(before, real)).toEqual([]);
  });

  it('with the two replaces whose targets exist, 404.html and 50x.html become the supporting files byte for byte, nothing else changes', () => {
    const cfgText = utf8(real, 'PATCHES/pages.cfg');
    const blocks = cfgText.split(/\n(?=replace)/);
    const cfg = parseCfg(blocks.filter((b) => /404|50x/.test(b)).join('\n'), 'PATCHES/pages.cfg');
    const { tree } = applyDirectives({ cfgs: [cfg], patchTree: real, tree: real, date: new Date() });
    expect(changedPaths(real, tree)).toEqual(['SOURCES/404.html', 'SOURCES/50x.html']);
    expect(tree.get('SOURCES/404.html')!.data).toEqual(real.get('PATCHES/404.html')!.data);
    expect(tree.get('SOURCES/50x.html')!.data).toEqual(real.get('PATCHES/50x.html')!.data);
  });
});
