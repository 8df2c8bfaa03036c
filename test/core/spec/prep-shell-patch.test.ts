import { describe, expect, it } from 'vitest';
import { analysePrep, parseSpec, printSpec } from '../../../src/core/spec/index.js';
import { appliesPatch, readShellPatch } from '../../../src/core/spec/prep-shell-patch.js';
import { rng } from '../../helpers/rng.js';

const spec = (prep: string[]): string =>
  [
    'Name: foo',
    'Version: 1.0',
    'Release: 1',
    'Source0: foo-%{version}.tar.gz',
    'Source5: fix-%{version}.diff',
    'Source91: openssl.patch',
    'Patch0: p0.patch',
    'Patch3: p3.patch',
    '%description',
    'x',
    '%prep',
    ...prep,
    '%build',
  ].join('\n');

const shell = (...prep: string[]) => analysePrep(parseSpec(spec(prep))).shellPatches;

describe('%prep shell lines that apply a patch are steps of %prep', () => {
  it('patch -p1 -i FILE in the tree (rsync: patches/copy-devices.diff)', () => {
    const [s] = shell('%setup -q', 'patch -p1 -i patches/x.diff');
    expect(s).toMatchObject({ tool: 'patch', file: { in: 'tree', path: 'patches/x.diff' }, strip: 1, stripMode: 'explicit', directory: '', buildDirectory: 'foo-1.0', active: 'yes', stepsBefore: 0 });
    expect(s!.problem).toBeUndefined();
  });

  it('patch -p1 < %{SOURCE91} inside pushd, and %SOURCE91 without braces', () => {
    const [a, b] = shell('%setup -q', 'pushd lib/sub', 'patch -p1 < %{SOURCE91}', 'popd', 'patch -p1 <%SOURCE91');
    expect(a).toMatchObject({ file: { in: 'sourcedir', name: 'openssl.patch' }, strip: 1, directory: 'lib/sub', buildDirectory: 'foo-1.0/lib/sub' });
    expect(b).toMatchObject({ file: { in: 'sourcedir', name: 'openssl.patch' }, directory: '' });
  });

  it('patch -p0 -s < %{PATCH3}, %{__patch}, clustered -Np1 and --strip=2', () => {
    expect(shell('%setup -q', 'patch -p0 -s < %{PATCH3}')[0]).toMatchObject({ file: { in: 'sourcedir', name: 'p3.patch' }, strip: 0, stripMode: 'explicit' });
    expect(shell('%setup -q', '%{__patch} -Np1 -i %{SOURCE5}')[0]).toMatchObject({ file: { in: 'sourcedir', name: 'fix-1.0.diff' }, strip: 1 });
    expect(shell('%setup -q', '%__patch --strip=2 --input=%{SOURCE5} --silent')[0]).toMatchObject({ strip: 2, file: { in: 'sourcedir', name: 'fix-1.0.diff' } });
    expect(shell('%setup -q', '/usr/bin/patch -p 1 < $RPM_SOURCE_DIR/openssl.patch')[0]).toMatchObject({ strip: 1, file: { in: 'sourcedir', name: 'openssl.patch' } });
  });

  it('patch without -p: GNU patch uses base names (like %autosetup without -p); -b / -z give backup files', () => {
    expect(shell('%setup -q', 'patch < %{SOURCE91}')[0]).toMatchObject({ strip: 0, stripMode: 'basename' });
    expect(shell('%setup -q', 'patch -p1 -b < %{SOURCE91}')[0]!.backupSuffix).toBe('.orig');
    expect(shell('%setup -q', 'patch -p1 -b -z .cve < %{SOURCE91}')[0]!.backupSuffix).toBe('.cve');
  });

  it('patch -d DIR applies in DIR', () => {
    expect(shell('%setup -q', 'patch -p1 -d src < %{SOURCE91}')[0]).toMatchObject({ directory: 'src', buildDirectory: 'foo-1.0/src' });
  });

  it('git apply FILE (-p1 by default) and git apply -p2 --directory=', () => {
    expect(shell('%setup -q', 'git apply %{SOURCE91}')[0]).toMatchObject({ tool: 'git apply', strip: 1, stripMode: 'tool-default', file: { in: 'sourcedir', name: 'openssl.patch' } });
    expect(shell('%setup -q', 'cd src', '%{__git} apply -p2 --whitespace=nowarn --directory=lib ../patches/a.diff')[0]).toMatchObject({
      strip: 2,
      directory: 'src/lib',
      problem: expect.stringContaining('also changes directory'),
    });
    expect(shell('%setup -q', 'cd src', 'git apply -v ../patches/a.diff')[0]).toMatchObject({ file: { in: 'tree', path: 'patches/a.diff' }, directory: 'src' });
  });

  it('cat FILE | patch -p1', () => {
    expect(shell('%setup -q', 'cat %{SOURCE5} | patch -p1 -s')[0]).toMatchObject({ tool: 'patch', strip: 1, file: { in: 'sourcedir', name: 'fix-1.0.diff' } });
  });

  it('orders itself among %patch steps and leaves side effects alone', () => {
    const p = analysePrep(parseSpec(spec(['%setup -q', '%patch0 -p1', 'patch -p1 < %{SOURCE91}', '%patch3 -p1', 'sed -i s/patch/x/ configure'])));
    expect(p.shellPatches.map((s) => s.stepsBefore)).toEqual([1]);
    expect(p.steps.map((s) => s.number)).toEqual([0, 3]);
    expect(p.sideEffects.map((s) => s.text)).toEqual(['sed -i s/patch/x/ configure']);
  });

  it('keeps the condition of the line', () => {
    const [s] = shell('%setup -q', '%ifarch s390x', 'patch -p1 < %{SOURCE91}', '%endif');
    expect(s).toMatchObject({ active: 'no', conditions: ['%ifarch s390x'] });
  });

  it('unknown shapes get a problem naming what to do, never a guess', () => {
    const cases: [string, RegExp][] = [
      ['for p in patches/*.diff; do patch -p1 < $p; done', /shell syntax|other commands/],
      ['patch -p1 < $PATCHFILE', /not known before the build runs/],
      ['patch -p1 < patches/*.diff', /not known before the build runs/],
      ['xz -dc %{SOURCE5} | patch -p1', /only `cat FILE \| patch/],
      ['patch -p1 < %{SOURCE91} && rm -f foo', /other commands/],
      ['patch -R -p1 < %{SOURCE91}', /-R is not replayed/],
      ['patch -p1 configure %{SOURCE91}', /file argument/],
      ['patch -p1 < /usr/share/foo/fix.patch', /build host/],
      ['patch -p1 < ../outside.patch', /outside the source tree/],
      ['git am %{SOURCE91}', /git am/],
      ['patch -p1 < %{SOURCE77}', /not known before the build runs/],
      ['patch -p1', /does not name the patch file/],
    ];
    for (const [line, re] of cases) {
      const [s] = shell('%setup -q', line);
      expect(s, line).toBeDefined();
      expect(s!.problem, line).toMatch(re);
      expect(s!.problem, line).toMatch(/;|%\{SOURCEn\}|Use/);
    }
  });

  it('lines that only mention patch are not steps', () => {
    expect(shell('%setup -q', 'echo patch -p1 < x', 'sed -i "s/patch -p1//" README', 'rm -f patch', '# patch -p1 < %{SOURCE91}')).toEqual([]);
  });

  it('the spec still prints byte for byte', () => {
    const text = spec(['%setup -q', 'patch -p1 -i patches/x.diff', 'cat %{SOURCE5} | patch -p1']);
    expect(printSpec(parseSpec(text))).toBe(text);
  });
});

describe('the shell-line reader on generated lines', () => {
  it('never throws, and every line that runs a patch tool gets a file or a problem (20k lines)', () => {
    const next = rng(8);
    const pieces = ['patch', '%{__patch}', 'git', 'apply', 'am', 'cat', '-p1', '-p', '0', '-i', '--input=x', '-d', 'sub', '-b', '-z', '.orig', '-R', '<', '<x', '>', '2>&1', '|', ';', '&&', '||', '(', ')', '"a b"', "'q'", '$V', '%{SOURCE91}', '%{_sourcedir}/f.patch', 'patches/x.diff', '../x', '/usr/x', '*', 'do', 'for', '`x`', '$(y)', '\\', '#', '--strip=2', '-Np1', 'xz', '-dc'];
    let tools = 0;
    for (let n = 0; n < 20_000; n++) {
      const words = Array.from({ length: 1 + Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]!);
      const line = words.join(next() < 0.8 ? ' ' : '');
      if (!appliesPatch(line)) continue;
      tools++;
      const r = readShellPatch(line);
      expect(r.file !== null || (r.problem ?? '') !== '', line).toBe(true);
      if (r.file) expect(r.problem, line).toBeUndefined();
    }
    expect(tools).toBeGreaterThan(1000);
  });
});
