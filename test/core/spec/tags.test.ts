import { describe, expect, it } from 'vitest';
import { getTag, listTags, parseSpec } from '../../../src/core/spec/index.js';
import { loadSpec } from './fixtures.js';

describe('listTags on real specs', () => {
  it('zlib: 22 Patch tags with the gaps, Source: unnumbered = 0', () => {
    const doc = loadSpec('zlib');
    const patches = listTags(doc, 'Patch');
    expect(patches.map((t) => t.number)).toEqual([0, 1, 5, 7, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const src = listTags(doc, 'source');
    expect(src).toHaveLength(1);
    expect(src[0]).toMatchObject({ name: 'Source', number: null, rpmNumber: 0, value: 'https://www.zlib.net/zlib-%{version}.tar.xz' });
  });

  it('zlib: comment lines above a tag, stopping at blank and non-comment lines', () => {
    const byNum = new Map(listTags(loadSpec('zlib'), 'Patch').map((t) => [t.number, t]));
    expect(byNum.get(0)!.commentAbove).toEqual(['https://github.com/madler/zlib/pull/210']);
    expect(byNum.get(5)!.commentAbove).toEqual([
      'Backport upstream commit 2d80d3f6b52f9fa454c26c89d2d6a1790e1cecb0',
      'Reason: Fuzzer founds issues with unknown memory access',
    ]);
    expect(byNum.get(20)!.commentAbove).toEqual([]); // right after Patch19
    expect(byNum.get(21)!.commentAbove).toEqual(['Fix setting strm.adler on z15']);
  });

  it('zlib: tag line numbers index doc.lines', () => {
    const doc = loadSpec('zlib');
    for (const t of listTags(doc, 'Patch')) expect(doc.lines[t.line]!.text.startsWith(`Patch${t.number}:`)).toBe(true);
  });

  it('zstd: Patch1/Patch2 unconditional, BuildRequires under %if keep their conditions', () => {
    const doc = loadSpec('zstd');
    expect(listTags(doc, 'Patch').map((t) => [t.number, t.value, t.conditions])).toEqual([
      [1, 'pzstd.1.patch', []],
      [2, 'enable-CET.patch', []],
    ]);
    const br = listTags(doc, 'BuildRequires').find((t) => t.value === 'gcc-c++')!;
    expect(br.conditions).toEqual(['%if %{with pzstd}']);
  });

  it('jq: tabs as separator, tags of %package sections too, nothing from %description', () => {
    const doc = loadSpec('jq');
    const summaries = listTags(doc, 'Summary');
    expect(summaries.map((t) => t.value)).toEqual(['Command-line JSON processor', 'Development files for %{name}']);
    expect(summaries[1]!.section).toBeGreaterThan(0);
    expect(getTag(doc, 'Summary')!.value).toBe('Command-line JSON processor');
    expect(listTags(doc, 'jq')).toEqual([]); // 'jq is like sed…' in %description is not a tag
  });

  it('python-pip: lines inside a multi-line %global body are not tags', () => {
    const doc = loadSpec('python-pip');
    const provides = listTags(doc, 'Provides');
    expect(provides.some((t) => t.value.startsWith('bundled('))).toBe(false);
    expect(listTags(doc, 'Recommends').some((t) => t.value.includes('libcrypt'))).toBe(false);
    expect(listTags(doc, 'Patch').map((t) => t.number)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(listTags(doc, 'Patch')[4]!.commentAbove).toHaveLength(6);
  });

  it('nginx: Source numbers with gaps', () => {
    const nums = listTags(loadSpec('nginx'), 'Source').map((t) => t.number);
    expect(nums.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 10]);
  });
});

describe('tag syntax (as rpm 4.18 reads it)', () => {
  const doc = parseSpec(
    [
      'Name: foo',
      'patch0: a.patch',
      'PATCH7 : b.patch',
      'Patch: c.patch',
      'Patch3:d.patch',
      'Patch: e.patch',
      '  Patch9: indented-is-not-a-tag.patch',
      'Requires(post): coreutils',
      '%if 0%{?rhel}',
      'Version: 1',
      '%else',
      'Version: 2',
      '%endif',
      '%description',
      'Patch10: in description',
      '%package devel',
      'Summary: devel',
      '%prep',
      '%patchlist',
      'f.patch',
      '# comment',
      '',
      'g.patch',
    ].join('\n'),
  );

  it('matches names case-insensitively and normalises them', () => {
    const p = listTags(doc, 'patch');
    expect(p.map((t) => [t.name, t.number, t.value])).toEqual([
      ['Patch', 0, 'a.patch'],
      ['Patch', 7, 'b.patch'],
      ['Patch', null, 'c.patch'],
      ['Patch', 3, 'd.patch'],
      ['Patch', null, 'e.patch'],
      ['Patch', null, 'f.patch'],
      ['Patch', null, 'g.patch'],
    ]);
  });

  it('auto-numbers unnumbered Patch/%patchlist entries as rpm 4.18 does (highest so far + 1)', () => {
    expect(listTags(doc, 'Patch').map((t) => t.rpmNumber)).toEqual([0, 7, 8, 3, 9, 10, 11]);
    expect(listTags(doc, 'Patch').slice(-2).every((t) => t.fromList)).toBe(true);
  });

  it('keeps qualifiers and conditions with the %else marker', () => {
    expect(getTag(doc, 'Requires')).toMatchObject({ qualifier: 'post', value: 'coreutils' });
    expect(listTags(doc, 'Version').map((t) => t.conditions)).toEqual([['%if 0%{?rhel}'], ['%if 0%{?rhel}', '%else']]);
    expect(getTag(doc, 'Summary')!.value).toBe('devel');
  });

  it('getTag prefers the unconditional main-preamble tag', () => {
    const d = parseSpec('%if 1\nVersion: 2\n%endif\nVersion: 1\n%package x\nVersion: 3\n');
    expect(getTag(d, 'version')!.value).toBe('1');
    expect(getTag(d, 'nothere')).toBeUndefined();
  });

  it('returns copies (callers cannot corrupt the cache)', () => {
    const a = listTags(doc, 'Patch');
    a[0]!.conditions.push('x');
    a[0]!.value = 'changed';
    expect(listTags(doc, 'Patch')[0]!.value).toBe('a.patch');
    expect(listTags(doc, 'Patch')[0]!.conditions).toEqual([]);
  });
});
