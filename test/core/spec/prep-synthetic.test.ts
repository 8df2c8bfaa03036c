import { describe, expect, it } from 'vitest';
import { DistsyncError } from '../../../src/core/errors.js';
import { analysePrep, parseSpec } from '../../../src/core/spec/index.js';

const preamble = (patches: string[], extra: string[] = []): string[] => [
  'Name: foo',
  'Version: 1.0',
  'Release: 1',
  'Source0: foo-%{version}.tar.gz',
  'Source1: extra.tar.gz',
  'Source2: more.tar.gz',
  ...extra,
  ...patches,
  '%description',
  'x',
];

// Expectations below were checked against `rpmspec -P` (rpm 4.18.0): which patch, -p, --suffix, --fuzz, -d and cwd.
describe('%setup + %patch in every style', () => {
  const doc = parseSpec(
    [
      ...preamble(['Patch0: p0.patch', 'Patch1: p1.patch', 'Patch2: p2.patch', 'Patch3: p3.patch', 'Patch4: p4.patch', 'Patch5: p5.patch', 'Patch6: p6.patch', 'Patch7: p7.patch']),
      '%prep',
      '%setup -qn foo-%{version} -a 1 -b 2',
      '%patch -P 0 -p0',
      '%patch 1 -p2 -b .orig',
      '%patch -P2 -P 3 -p1 -F2',
      'pushd sub/dir >/dev/null',
      '%patch4 -p1',
      'popd',
      '%patch5 -p1 -d lib',
      'cd ..',
      '%patch6 -p1',
      'cd foo-%{version}/src',
      '%patch7',
      '%build',
    ].join('\n'),
  );
  const p = analysePrep(doc);

  it('records %setup -qn … -a 1 -b 2 (clustered options, several tarballs)', () => {
    expect(p.setup).toMatchObject({ macro: 'setup', dirName: 'foo-1.0', createDir: false, noMainSource: false, keepDir: false, extraSources: [{ number: 1, mode: 'a' }, { number: 2, mode: 'b' }] });
  });

  it('reads every %patch style, several -P on one line, -p0/-p2, -b, -F, and the default -p0', () => {
    expect(p.steps.map((s) => [s.number, s.style, s.strip, s.stripMode, s.backupSuffix, s.fuzz])).toEqual([
      [0, 'patch-P', 0, 'explicit', undefined, undefined],
      [1, 'patch-arg', 2, 'explicit', '.orig', undefined],
      [2, 'patch-P', 1, 'explicit', undefined, 2],
      [3, 'patch-P', 1, 'explicit', undefined, 2],
      [4, 'patchN', 1, 'explicit', undefined, undefined],
      [5, 'patchN', 1, 'explicit', undefined, undefined],
      [6, 'patchN', 1, 'explicit', undefined, undefined],
      [7, 'patchN', 0, 'patch-default', undefined, undefined],
    ]);
    expect(p.listsPatches).toBe(true);
  });

  it('follows pushd/popd, -d, cd .. and cd back in', () => {
    expect(p.steps.map((s) => [s.number, s.directory, s.buildDirectory, s.dirUnknown])).toEqual([
      [0, '', 'foo-1.0', undefined],
      [1, '', 'foo-1.0', undefined],
      [2, '', 'foo-1.0', undefined],
      [3, '', 'foo-1.0', undefined],
      [4, 'sub/dir', 'foo-1.0/sub/dir', undefined],
      [5, 'lib', 'foo-1.0/lib', undefined],
      [6, '', '', '. (outside the %setup directory foo-1.0)'],
      [7, 'src', 'foo-1.0/src', undefined],
    ]);
  });

  it('pushd/popd/cd lines are not side effects', () => {
    expect(p.sideEffects).toEqual([]);
  });
});

describe('%autosetup / %autopatch', () => {
  const doc = parseSpec(
    [
      ...preamble(['Patch101: p101.patch', 'Patch1: p1.patch', '%if 0%{?rhel}', 'Patch2: p2.patch', '%else', 'Patch3: p3.patch', '%endif', 'Patch100: p100.patch']),
      '%prep',
      '%autosetup -N -S git',
      '%autopatch -p1 -M 99',
      'echo between',
      '%autopatch -m 100',
      '%build',
    ].join('\n'),
  );

  it('-N applies nothing; %autopatch -M/-m pick ranges in declaration order (not numeric order)', () => {
    const p = analysePrep(doc);
    expect(p.setup).toMatchObject({ macro: 'autosetup', scm: 'git', noPatches: true });
    expect(p.listsPatches).toBe(false);
    expect(p.steps.map((s) => [s.number, s.style, s.active, s.conditions])).toEqual([
      [1, 'autopatch', 'yes', []],
      [2, 'autopatch', 'no', ['%if 0%{?rhel}']],
      [3, 'autopatch', 'yes', ['%if 0%{?rhel}', '%else']],
      [101, 'autopatch', 'yes', []],
      [100, 'autopatch', 'yes', []],
    ]);
    expect(analysePrep(doc, { defines: { rhel: '9' } }).steps.map((s) => s.active)).toEqual(['yes', 'yes', 'no', 'yes', 'yes']);
    expect(p.sideEffects.map((s) => s.text)).toEqual(['echo between']);
  });

  it('without -p: -S git uses git apply default (-p1); plain patch gets no -p (base names)', () => {
    const p = analysePrep(doc);
    expect(p.steps.map((s) => [s.strip, s.stripMode])).toEqual([
      [1, 'explicit'],
      [1, 'explicit'],
      [1, 'explicit'],
      [1, 'tool-default'],
      [1, 'tool-default'],
    ]);
    const plain = parseSpec([...preamble(['Patch1: p1.patch']), '%prep', '%autosetup', '%build'].join('\n'));
    expect(analysePrep(plain).steps.map((s) => [s.strip, s.stripMode, s.style])).toEqual([[0, 'basename', 'autosetup']]);
  });

  it('%autopatch with numbers applies them in the order given', () => {
    const d = parseSpec([...preamble(['Patch1: p1.patch', 'Patch2: p2.patch', 'Patch3: p3.patch']), '%prep', '%autosetup -N', '%autopatch -p1 3 1', '%build'].join('\n'));
    expect(analysePrep(d).steps.map((s) => s.number)).toEqual([3, 1]);
  });

  it('only Patch tags declared before %prep count; unnumbered ones are auto-numbered', () => {
    const d = parseSpec([...preamble(['Patch: a.patch', 'Patch: b.patch']), '%prep', '%autosetup -p1', '%package late', 'Patch9: late.patch', 'Summary: x'].join('\n'));
    expect(analysePrep(d).steps.map((s) => [s.number, s.file])).toEqual([
      [0, 'a.patch'],
      [1, 'b.patch'],
    ]);
  });
});

describe('conditionals, CRLF, odd lines, errors', () => {
  it('%patch lines in %if/%else branches', () => {
    const doc = parseSpec(
      [...preamble(['Patch1: p1.patch', 'Patch2: p2.patch', 'Patch3: p3.patch']), '%prep', '%setup -q', '%ifarch x86_64', '%patch1 -p1', '%else', '%patch2 -p1', '%endif', '%patch3 -p1', '%build'].join('\n'),
    );
    const x86 = analysePrep(doc);
    expect(x86.steps.map((s) => [s.number, s.active, s.conditions])).toEqual([
      [1, 'yes', ['%ifarch x86_64']],
      [2, 'no', ['%ifarch x86_64', '%else']],
      [3, 'yes', []],
    ]);
    expect(analysePrep(doc, { arch: 'ppc64le' }).steps.map((s) => s.active)).toEqual(['no', 'yes', 'yes']);
  });

  it('a CRLF spec analyses like the LF one', () => {
    const lines = [...preamble(['Patch1: p1.patch']), '%prep', '%setup -q', '%patch1 -p1 -b .crlf', '%build', 'make'];
    const lf = analysePrep(parseSpec(lines.join('\n') + '\n'));
    const crlf = analysePrep(parseSpec(lines.join('\r\n') + '\r\n'));
    expect(crlf).toEqual(lf);
    expect(crlf.steps[0]).toMatchObject({ number: 1, strip: 1, backupSuffix: '.crlf', file: 'p1.patch' });
  });

  it('an indented %patch or %setup is only a shell line to rpm', () => {
    const doc = parseSpec([...preamble(['Patch1: p1.patch']), '%prep', '%setup -q', '  %patch1 -p1', '%build'].join('\n'));
    const p = analysePrep(doc);
    expect(p.steps).toEqual([]);
    expect(p.sideEffects.map((s) => s.text)).toEqual(['  %patch1 -p1']);
  });

  it('file is the expanded value, fileName what rpm reads from %{_sourcedir}', () => {
    const doc = parseSpec([...preamble(['Patch1: https://example.org/x/%{name}-fix.patch#/renamed-%{version}.patch']), '%prep', '%setup -q', '%patch1 -p1', '%build'].join('\n'));
    expect(analysePrep(doc).steps[0]).toMatchObject({ file: 'https://example.org/x/foo-fix.patch#/renamed-1.0.patch', fileName: 'renamed-1.0.patch' });
  });

  it('throws bad-spec with the line when a %patch names a number with no Patch tag', () => {
    const doc = parseSpec([...preamble(['Patch1: p1.patch']), '%prep', '%setup -q', '%patch1 -p1', '%patch7 -p1', '%build'].join('\n'), 'foo.spec');
    let err: unknown;
    try {
      analysePrep(doc);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DistsyncError);
    expect(err).toMatchObject({ code: 'bad-spec', file: 'foo.spec', line: doc.lines.findIndex((l) => l.text === '%patch7 -p1') + 1 });
  });

  it('throws bad-spec when there is no %prep', () => {
    expect(() => analysePrep(parseSpec('Name: x\n%description\nx\n'))).toThrow(expect.objectContaining({ code: 'bad-spec' }));
  });

  it('side effects keep their activity; comments and blank lines are skipped', () => {
    const doc = parseSpec([...preamble([]), '%prep', '%setup -q', '# a comment', '', '%if 0', 'rm -rf bundled', '%endif', 'autoreconf -fi', 'sed -i "s/a/b/" x \\', '  y', '%build'].join('\n'));
    expect(analysePrep(doc).sideEffects.map((s) => [s.text, s.active])).toEqual([
      ['rm -rf bundled', 'no'],
      ['autoreconf -fi', 'yes'],
      ['sed -i "s/a/b/" x \\', 'yes'],
      ['  y', 'yes'],
    ]);
  });

  it('unknown directories are recorded raw', () => {
    const doc = parseSpec([...preamble(['Patch1: p1.patch', 'Patch2: p2.patch']), '%prep', '%setup -q', 'cd $RPM_BUILD_DIR/elsewhere', '%patch1 -p1', 'cd /tmp', '%patch2 -p1', '%build'].join('\n'));
    expect(analysePrep(doc).steps.map((s) => [s.directory, s.buildDirectory, s.dirUnknown])).toEqual([
      ['', 'elsewhere', 'elsewhere (outside the %setup directory foo-1.0)'],
      ['', null, '/tmp'],
    ]);
  });
});
