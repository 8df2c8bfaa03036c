import { describe, expect, it } from 'vitest';
import { isLineActive, parseSpec, type MacroContext, type SpecDocument } from '../../../src/core/spec/index.js';
import { loadSpec } from './fixtures.js';

function activeEchoes(doc: SpecDocument, ctx: MacroContext): string[] {
  const out: string[] = [];
  doc.lines.forEach((l, i) => {
    if (!l.text.startsWith('echo ')) return;
    const a = isLineActive(doc, i, ctx);
    if (a !== 'no') out.push(l.text.slice(5) + (a === 'unknown' ? '?' : ''));
  });
  return out;
}

const lineOf = (doc: SpecDocument, text: string): number => doc.lines.findIndex((l) => l.text === text);

describe('isLineActive agrees with rpmspec -P (rpm 4.18) on fixtures/specs/conditions.spec', () => {
  const doc = loadSpec('conditions');
  // Each row: context, and the echo lines `rpmspec -P` kept for the matching --target/--define/--with.
  const cases: [MacroContext, string][] = [
    [{ arch: 'x86_64' }, 'L1 L3 L5 L6 L7 L11 L12 L14 L16 L21 L22 L23'],
    [{ arch: 'aarch64' }, 'L1 L3 L6 L7 L11 L12 L13 L14 L16 L21 L22'],
    [{ arch: 's390x' }, 'L1 L3 L6 L7 L11 L14 L16 L19 L21 L22'],
    [{ arch: 'ppc64le' }, 'L1 L3 L6 L7 L11 L12 L14 L16 L18 L21 L22'],
    [{ arch: 'x86_64', defines: { rhel: '9', dist: '.el9' } }, 'L1 L3 L4 L5 L6 L7 L9 L12 L14 L16 L20 L23'],
    [{ arch: 'x86_64', defines: { fedora: '36' } }, 'L1 L3 L5 L6 L7 L10 L12 L14 L16 L21 L22 L23'],
    [{ arch: 'i686', defines: { rhel: '6' } }, 'L1 L3 L4 L6 L7 L11 L12 L14 L16 L22'],
    [{ arch: 'x86_64', defines: { _with_gtest: '1', _without_feat: '1' } }, 'L1 L2 L5 L6 L7 L11 L12 L14 L16 L21 L22 L23'],
  ];
  it.each(cases)('%j', (ctx, expected) => {
    expect(activeEchoes(doc, ctx)).toEqual(expected.split(' '));
  });

  it("evaluates && and || at one level, left to right, as rpm does ('1 || 0 && 0' is false)", () => {
    expect(isLineActive(doc, lineOf(doc, 'echo L8'))).toBe('no');
  });
});

describe('isLineActive on real specs', () => {
  it('zstd: %patch1 under %if %{with pzstd} — yes on x86_64, no on aarch64 (bcond inside %ifarch inside %else)', () => {
    const doc = loadSpec('zstd');
    const l = lineOf(doc, '%patch1 -p1');
    expect(isLineActive(doc, l, { arch: 'x86_64' })).toBe('yes');
    expect(isLineActive(doc, l, { arch: 'i686' })).toBe('yes');
    expect(isLineActive(doc, l, { arch: 'aarch64' })).toBe('no');
    expect(isLineActive(doc, l, { arch: 'x86_64', defines: { rhel: '6' } })).toBe('no');
    expect(isLineActive(doc, l, { arch: 'x86_64', defines: { rhel: '9' } })).toBe('yes');
    expect(isLineActive(doc, lineOf(doc, '%patch2 -p1'), { arch: 'aarch64' })).toBe('yes');
  });

  it('zlib: %patch1 under %ifarch s390 s390x', () => {
    const doc = loadSpec('zlib');
    const l = lineOf(doc, '%patch1 -p1 -b .optimized-deflate');
    expect(isLineActive(doc, l)).toBe('no');
    expect(isLineActive(doc, l, { arch: 's390x' })).toBe('yes');
    expect(isLineActive(doc, l, { arch: 's390' })).toBe('yes');
  });

  it('jq: %ifarch %{valgrind_arches} is unknown unless the context defines the macro', () => {
    const doc = loadSpec('jq');
    const l = lineOf(doc, 'BuildRequires:  valgrind');
    expect(isLineActive(doc, l)).toBe('unknown');
    expect(isLineActive(doc, l, { defines: { valgrind_arches: 'x86_64 aarch64' } })).toBe('yes');
    expect(isLineActive(doc, l, { arch: 's390x', defines: { valgrind_arches: 'x86_64 aarch64' } })).toBe('no');
    expect(isLineActive(doc, lineOf(doc, 'make check'))).toBe('yes'); // %ifarch %{ix86} x86_64
  });

  it('nginx: %{?with_gperftools} set under %if/%ifnarch', () => {
    const doc = loadSpec('nginx');
    const l = doc.lines.findIndex((x) => x.text.startsWith('BuildRequires:') && x.text.includes('gperftools-devel'));
    expect(isLineActive(doc, l, { defines: { rhel: '9' } })).toBe('no');
    expect(isLineActive(doc, l, { defines: { fedora: '38' } })).toBe('yes');
    expect(isLineActive(doc, l, { arch: 's390x', defines: { fedora: '38' } })).toBe('no');
  });
});

describe('conditional syntax', () => {
  it('%elif chains, %else, nesting across sections', () => {
    const doc = parseSpec(['%if 0', 'echo a', '%elif 1', 'echo b', '%else', 'echo c', '%endif', '%prep', '%if 1', '%if 0', 'echo d', '%else', 'echo e', '%endif', '%endif'].join('\n'));
    expect(activeEchoes(doc, {})).toEqual(['b', 'e']);
  });

  it('leading blanks before directives, trailing comments after %endif, continuation lines', () => {
    const doc = parseSpec(['  %if 1 && \\', '   0', 'echo a', '  %endif # done', '%if 1', 'echo b', '%endif'].join('\n'));
    expect(activeEchoes(doc, {})).toEqual(['b']);
  });

  it('unknown when a condition needs %(…), %{lua:…} or an undefined macro', () => {
    const doc = parseSpec(['%if %(test -e /etc/foo && echo 1 || echo 0)', 'echo a', '%else', 'echo b', '%endif', '%if %{lua: print(1)}', 'echo c', '%endif', '%if %{foo}', 'echo d', '%endif', '%if 0 && %{foo}', 'echo e', '%endif', '%if bareword', 'echo f', '%endif'].join('\n'));
    expect(activeEchoes(doc, {})).toEqual(['a?', 'b?', 'c?', 'd?', 'e?', 'f?']);
  });

  it('a macro defined under an unknown condition makes its users unknown', () => {
    const doc = parseSpec(['%if %{foo}', '%global x 1', '%endif', '%if 0%{?x}', 'echo a', '%endif', '%if 1', 'echo b', '%endif'].join('\n'));
    expect(activeEchoes(doc, {})).toEqual(['a?', 'b']);
    expect(activeEchoes(doc, { defines: { foo: '0' } })).toEqual(['b']);
  });

  it('lines inside a multi-line %global body are not directives', () => {
    const doc = parseSpec(['%global body %{expand:', '%if 0', '}', 'echo a'].join('\n'));
    expect(activeEchoes(doc, {})).toEqual(['a']);
  });

  it('out of range lines are unknown; stray %endif is harmless', () => {
    const doc = parseSpec('%endif\necho a\n');
    expect(isLineActive(doc, 5)).toBe('unknown');
    expect(activeEchoes(doc, {})).toEqual(['a']);
  });
});
