import { describe, expect, it } from 'vitest';
import { analysePrep, type MacroContext } from '../../../src/core/spec/index.js';
import { applyOrder, loadSpec } from './fixtures.js';

/** The steps rpm would really run for ctx, as rows comparable with prep-apply-order*.tsv. */
function applied(name: string, ctx: MacroContext): { patch: string; strip: number; cwd: string }[] {
  return analysePrep(loadSpec(name), ctx)
    .steps.filter((s) => s.active === 'yes')
    .map((s) => ({ patch: s.fileName, strip: s.strip, cwd: s.buildDirectory ?? '?' }));
}

const EL9 = { rhel: '9', dist: '.el9' };

describe('analysePrep matches what rpmbuild -bp applied (prep-apply-order*.tsv)', () => {
  it.each([
    ['lz4', 'lz4.tsv', { arch: 'x86_64', defines: EL9 }],
    ['zstd', 'zstd.tsv', { arch: 'x86_64', defines: EL9 }],
    ['zstd', 'zstd.aarch64.tsv', { arch: 'aarch64', defines: EL9 }],
    ['zstd-fedora', 'zstd-fedora.tsv', { arch: 'x86_64' }],
    ['zstd-fedora', 'zstd-fedora.tsv', { arch: 'aarch64' }],
    ['jq', 'jq.tsv', { arch: 'x86_64', defines: EL9 }],
    ['zlib', 'zlib.tsv', { arch: 'x86_64', defines: EL9 }],
    ['zlib', 'zlib.s390x.tsv', { arch: 's390x', defines: EL9 }],
  ] as const)('%s with %s (%j)', (name, tsv, ctx) => {
    expect(applied(name, ctx)).toEqual(applyOrder(tsv));
  });
});

describe('analysePrep on the real specs', () => {
  it('lz4: %autosetup -p1, one patch, nothing else', () => {
    const p = analysePrep(loadSpec('lz4'));
    expect(p.setup).toMatchObject({ macro: 'autosetup', dirName: 'lz4-1.9.3', strip: 1, createDir: false, noMainSource: false, extraSources: [] });
    expect(p.listsPatches).toBe(false);
    expect(p.steps).toEqual([
      {
        number: 1,
        file: 'lz4-cve-2021-3520.patch',
        fileName: 'lz4-cve-2021-3520.patch',
        strip: 1,
        stripMode: 'explicit',
        directory: '',
        buildDirectory: 'lz4-1.9.3',
        line: null,
        style: 'autosetup',
        conditions: [],
        active: 'yes',
        tagLine: 17,
      },
    ]);
    expect(p.sideEffects).toEqual([]);
    const doc = loadSpec('lz4');
    expect(doc.lines[p.prepStart - 1]!.text).toBe('%prep');
    expect(doc.lines[p.prepEnd]!.text).toBe('%build');
  });

  it('zstd: %patch1 under %if %{with pzstd} (yes on x86_64, no on aarch64); find -delete is a side effect', () => {
    const doc = loadSpec('zstd');
    const x86 = analysePrep(doc, { arch: 'x86_64' });
    expect(x86.setup).toMatchObject({ macro: 'setup', dirName: 'zstd-1.5.1' });
    expect(x86.listsPatches).toBe(true);
    expect(x86.steps.map((s) => [s.number, s.style, s.strip, s.conditions, s.active])).toEqual([
      [1, 'patchN', 1, ['%if %{with pzstd}'], 'yes'],
      [2, 'patchN', 1, [], 'yes'],
    ]);
    expect(analysePrep(doc, { arch: 'aarch64' }).steps.map((s) => s.active)).toEqual(['no', 'yes']);
    expect(x86.sideEffects).toEqual([{ line: doc.lines.findIndex((l) => l.text.startsWith('find ')), text: 'find -name .gitignore -delete', expanded: 'find -name .gitignore -delete', directory: '', active: 'yes' }]);
  });

  it('jq: %autosetup -n %{name}-%{version} -p1, patches 0..3 in order', () => {
    const p = analysePrep(loadSpec('jq'));
    expect(p.setup).toMatchObject({ macro: 'autosetup', dirName: 'jq-1.6', strip: 1 });
    expect(p.steps.map((s) => [s.number, s.style, s.strip, s.line])).toEqual([
      [0, 'autosetup', 1, null],
      [1, 'autosetup', 1, null],
      [2, 'autosetup', 1, null],
      [3, 'autosetup', 1, null],
    ]);
  });

  it('zlib: 22 patches; -b .fixuncrypt; %patch1 under %ifarch s390 s390x; iconv side effect', () => {
    const doc = loadSpec('zlib');
    const p = analysePrep(doc);
    expect(p.steps).toHaveLength(22);
    expect(p.steps[0]).toMatchObject({ number: 0, backupSuffix: '.fixuncrypt', strip: 1, style: 'patchN', active: 'yes' });
    expect(p.steps[1]).toMatchObject({ number: 1, backupSuffix: '.optimized-deflate', conditions: ['%ifarch s390 s390x'], active: 'no' });
    expect(analysePrep(doc, { arch: 's390x' }).steps[1]!.active).toBe('yes');
    expect(p.steps.slice(2).every((s) => s.active === 'yes' && s.conditions.length === 0 && s.backupSuffix === undefined)).toBe(true);
    expect(p.sideEffects.map((s) => s.text)).toEqual(['iconv -f iso-8859-2 -t utf-8 < ChangeLog > ChangeLog.tmp', 'mv ChangeLog.tmp ChangeLog']);
  });

  it('nginx / python-pip / redhat-rpm-config: autosetup after commands; %setup -c -T', () => {
    const nginx = analysePrep(loadSpec('nginx'));
    expect(nginx.steps.map((s) => s.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(nginx.sideEffects[0]!.text).toBe('cat %{S:2} %{S:3} %{S:4} %{S:5} > %{_builddir}/%{name}.gpg');
    const pip = analysePrep(loadSpec('python-pip'));
    expect(pip.setup!.dirName).toBe('pip-21.2.3');
    expect(pip.steps.map((s) => s.number)).toEqual([3, 4, 5, 6, 7, 8]);
    const rrc = analysePrep(loadSpec('redhat-rpm-config'));
    expect(rrc.setup).toMatchObject({ macro: 'setup', createDir: true, noMainSource: true, dirName: 'redhat-rpm-config-201' });
    expect(rrc.steps).toEqual([]);
    expect(rrc.listsPatches).toBe(true); // %setup and no %autopatch: a new patch needs a %patch line
  });
});
