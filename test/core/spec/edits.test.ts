import { describe, expect, it } from 'vitest';
import {
  addChangelogEntry,
  addPatch,
  analysePrep,
  bumpRelease,
  getChangelogEntries,
  getTag,
  listTags,
  parseSpec,
  printSpec,
  removePatch,
  resetRelease,
  setTagValue,
  setVersion,
  type SpecDocument,
} from '../../../src/core/spec/index.js';
import { loadSpec, specText } from './fixtures.js';

/**
 * What an edit did, line-wise: for insert-only or one-line-replace edits, the
 * lines only in `a` (removed) and only in `b` (added), by a greedy in-order match.
 */
function changed(a: SpecDocument, b: SpecDocument): { removed: string[]; added: string[] } {
  const x = a.lines.map((l) => l.text + l.eol);
  const y = b.lines.map((l) => l.text + l.eol);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < y.length && (i >= x.length || y.length - j > x.length - i)) {
      added.push(y[j++]!.trimEnd());
    } else if (i < x.length && j < y.length && x.length - i === y.length - j) {
      removed.push(x[i++]!.trimEnd());
      added.push(y[j++]!.trimEnd());
    } else {
      removed.push(x[i++]!.trimEnd());
    }
  }
  return { removed, added };
}

const REAL = ['lz4', 'zstd', 'zstd-fedora', 'jq', 'zlib', 'nginx', 'python-pip', 'redhat-rpm-config'];

describe('addPatch / removePatch', () => {
  it.each(REAL)('%s: add then remove gives back the original bytes', (name) => {
    const text = specText(name);
    const doc = parseSpec(text);
    for (const p of [{ file: 'a.patch' }, { file: 'b.patch', comment: ['why', '', 'more'], strip: 2 }, { file: 'c.patch', number: 500 }]) {
      const added = addPatch(doc, p);
      expect(printSpec(added.doc)).not.toBe(text);
      expect(printSpec(removePatch(added.doc, added.number))).toBe(text);
    }
  });

  it('round trip also holds without a final newline and with CRLF', () => {
    for (const text of [specText('zstd').trimEnd(), specText('zstd').replace(/\n/g, '\r\n'), specText('lz4').trimEnd()]) {
      const added = addPatch(parseSpec(text), { file: 'x.patch', comment: ['c'] });
      expect(printSpec(removePatch(added.doc, added.number))).toBe(text);
    }
    const crlf = addPatch(parseSpec(specText('zstd').replace(/\n/g, '\r\n')), { file: 'x.patch' }).doc;
    expect(crlf.lines.every((l) => l.eol === '\r\n')).toBe(true);
  });

  it("zlib: Patch30 after Patch29 and '%patch30 -p1' after '%patch29 -p1' (not in the %ifarch)", () => {
    const doc = loadSpec('zlib');
    const { doc: out, number } = addPatch(doc, { file: 'zlib-1.2.11-new.patch', comment: ['Fix for CVE-2099-0001'] });
    expect(number).toBe(30);
    const tag = listTags(out, 'Patch').at(-1)!;
    expect(out.lines[tag.line]!.text).toBe('Patch30: zlib-1.2.11-new.patch');
    expect(out.lines[tag.line - 1]!.text).toBe('# Fix for CVE-2099-0001');
    expect(out.lines[tag.line - 2]!.text).toBe('Patch29: zlib-1.2.11-IBM-Z-hw-accelrated-deflate-fix-crash-deflateBound.patch');
    const i = out.lines.findIndex((l) => l.text === '%patch30 -p1');
    expect(out.lines[i - 1]!.text).toBe('%patch29 -p1');
    expect(changed(doc, out)).toEqual({ removed: [], added: ['# Fix for CVE-2099-0001', 'Patch30: zlib-1.2.11-new.patch', '%patch30 -p1'] });
    const step = analysePrep(out).steps.at(-1)!;
    expect(step).toMatchObject({ number: 30, file: 'zlib-1.2.11-new.patch', strip: 1, conditions: [], active: 'yes' });
  });

  it("zstd: Patch3 aligned like Patch2, '%patch3 -p1' after '%patch2 -p1'", () => {
    const doc = loadSpec('zstd');
    const { doc: out, number } = addPatch(doc, { file: 'fix.patch' });
    expect(number).toBe(3);
    const d1 = changed(doc, out);
    expect(d1).toEqual({ removed: [], added: ['Patch3:         fix.patch', '%patch3 -p1'] });
    expect(printSpec(out)).toContain('Patch2:         enable-CET.patch\nPatch3:         fix.patch\n');
    expect(printSpec(out)).toContain('%patch2 -p1\n%patch3 -p1\n\n%build');
  });

  it('lz4 (%autosetup): only the tag is added, with its one-space style', () => {
    const doc = loadSpec('lz4');
    const { doc: out, number } = addPatch(doc, { file: 'lz4-fix.patch' });
    expect(number).toBe(2);
    expect(changed(doc, out)).toEqual({ removed: [], added: ['Patch2: lz4-fix.patch'] });
    expect(analysePrep(out).steps.map((s) => s.number)).toEqual([1, 2]);
  });

  it('copies the %patch style of the last unconditional line and its -p (or the given strip)', () => {
    const base = ['Name: foo', 'Version: 1', 'Source0: foo.tar.gz', 'Patch0:\tp0.patch', 'Patch1:\tp1.patch', '%description', 'x', '%prep', '%setup -q'];
    const cases: [string[], number | undefined, string][] = [
      [['%patch -P 0 -p2', '%patch -P 1 -p2'], undefined, '%patch -P 2 -p2'],
      [['%patch -P0 -p1', '%patch -P1 -p1'], 0, '%patch -P2 -p0'],
      [['%patch 0 -p1', '%patch 1 -p1'], undefined, '%patch 2 -p1'],
      [['%patch0', '%patch1'], undefined, '%patch2'],
    ];
    for (const [lines, strip, expected] of cases) {
      const doc = parseSpec([...base, ...lines, '%build'].join('\n'));
      const out = addPatch(doc, { file: 'p2.patch', ...(strip !== undefined ? { strip } : {}) }).doc;
      expect(changed(doc, out)).toEqual({ removed: [], added: ['Patch2:\tp2.patch', expected] });
      const texts = out.lines.map((l) => l.text);
      expect(texts[texts.indexOf(lines[1]!) + 1]).toBe(expected);
    }
  });

  it('puts the new %patch after the last unconditional one, and the tag outside %if', () => {
    const doc = parseSpec(
      ['Name: foo', 'Version: 1', 'Source0: foo.tar.gz', 'Patch1: a.patch', '%if %{with x}', 'Patch2: b.patch', '%endif', 'BuildRequires: gcc', '%description', 'x', '%prep', '%setup -q', '%patch1 -p1', '%if %{with x}', '%patch2 -p1', '%endif', 'autoreconf', '%build'].join('\n'),
    );
    const out = addPatch(doc, { file: 'c.patch' }).doc;
    expect(out.lines.map((l) => l.text)).toEqual(
      ['Name: foo', 'Version: 1', 'Source0: foo.tar.gz', 'Patch1: a.patch', '%if %{with x}', 'Patch2: b.patch', '%endif', 'Patch3: c.patch', 'BuildRequires: gcc', '%description', 'x', '%prep', '%setup -q', '%patch1 -p1', '%patch3 -p1', '%if %{with x}', '%patch2 -p1', '%endif', 'autoreconf', '%build'],
    );
  });

  it('a %setup spec with no %patch line yet gets one right after %setup', () => {
    const bare = removePatch(removePatch(loadSpec('zstd'), 1), 2);
    expect(analysePrep(bare).steps).toEqual([]);
    const { doc: out, number } = addPatch(bare, { file: 'fix.patch' });
    expect(number).toBe(1);
    expect(changed(bare, out).added).toEqual(['Patch1:         fix.patch', '%patch -P 1 -p1']);
    expect(printSpec(out)).toContain('%setup -q\n%patch -P 1 -p1\nfind -name .gitignore -delete\n');
    expect(analysePrep(out).steps.map((s) => [s.number, s.strip, s.style])).toEqual([[1, 1, 'patch-P']]);
  });

  it('without Patch tags the tag goes after the last Source tag, named and aligned like it', () => {
    const doc = parseSpec(['Name:      foo', 'Source0:   foo.tar.gz', 'Source1:   extra.conf', 'BuildRequires: gcc', '%description', 'x', '%prep', '%autosetup -p1'].join('\n'));
    const { doc: out, number } = addPatch(doc, { file: 'fix.patch' });
    expect(number).toBe(1);
    expect(changed(doc, out).added).toEqual(['Patch1:    fix.patch']);
    expect(out.lines[3]!.text).toBe('Patch1:    fix.patch');
  });

  it('refuses a number that exists, and file names with newlines', () => {
    expect(() => addPatch(loadSpec('zlib'), { file: 'x.patch', number: 5 })).toThrow(expect.objectContaining({ code: 'bad-spec' }));
    expect(() => addPatch(loadSpec('zlib'), { file: 'x\n%prep' })).toThrow(expect.objectContaining({ code: 'bad-spec' }));
  });

  it('zlib: removing Patch1 takes its comment, %patch1 and the now empty %ifarch block', () => {
    const doc = loadSpec('zlib');
    const out = removePatch(doc, 1);
    const text = printSpec(out);
    expect(text).not.toContain('zlib-1.2.11-optimized-s390.patch');
    expect(text).not.toContain('# resolves: #805113');
    expect(text.split('%ifarch s390 s390x').length).toBe(2); // the one in %build stays
    expect(text).toContain('%setup -q\n%patch0 -p1 -b .fixuncrypt\n%patch5 -p1\n');
    expect(listTags(out, 'Patch').map((t) => t.number)).toEqual([0, 5, 7, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(doc.lines.length - out.lines.length).toBe(2 + 3);
  });

  it('removes one number from a %patch line applying several, never renumbers', () => {
    const doc = parseSpec(['Name: foo', 'Patch1: a', 'Patch2: b', 'Patch3: c', '%prep', '%setup -q', '%patch1 -P2 -P 3 -p1', '%patch -p1 2 3', '%build'].join('\n'));
    const out = removePatch(doc, 2);
    expect(out.lines.map((l) => l.text)).toEqual(['Name: foo', 'Patch1: a', 'Patch3: c', '%prep', '%setup -q', '%patch1 -P 3 -p1', '%patch -p1 3', '%build']);
    expect(removePatch(out, 1).lines.map((l) => l.text)).toEqual(['Name: foo', 'Patch3: c', '%prep', '%setup -q', '%patch -P 3 -p1', '%patch -p1 3', '%build']);
  });

  it('zstd: removing conditional Patch1 drops %if %{with pzstd}…%endif in %prep only', () => {
    const out = removePatch(loadSpec('zstd'), 1);
    expect(printSpec(out)).toContain('find -name .gitignore -delete\n%patch2 -p1\n');
    expect(printSpec(out)).toContain('%if %{with pzstd}\nBuildRequires:  gcc-c++\n%endif');
  });
});

describe('Version / Release / tags', () => {
  it('setVersion and resetRelease on lz4 change one line each, alignment kept', () => {
    const doc = loadSpec('lz4');
    const v = setVersion(doc, '1.9.4');
    expect(changed(doc, v)).toEqual({ removed: ['Version:        1.9.3'], added: ['Version:        1.9.4'] });
    const r = resetRelease(v);
    expect(changed(v, r)).toEqual({ removed: ['Release:        5%{?dist}'], added: ['Release:        1%{?dist}'] });
    const b = bumpRelease(r);
    expect(getTag(b, 'Release')!.value).toBe('2%{?dist}');
  });

  it('setVersion follows %global indirection (python-pip: %{base_version}%{?prerel:~%{prerel}})', () => {
    const doc = loadSpec('python-pip');
    const out = setVersion(doc, '21.3');
    expect(changed(doc, out)).toEqual({ removed: ['%global base_version 21.2.3'], added: ['%global base_version 21.3'] });
    expect(bumpRelease(out).lines.find((l) => l.text.startsWith('Release:'))!.text).toBe('Release:              8%{?dist}.1');
  });

  it('setVersion sets the tag when the macro is not a plain spec definition', () => {
    const doc = parseSpec('%global ver 1.0\nVersion: %{ver}.post1\nRelease: %{rel}%{?dist}\n%global rel 3\n');
    expect(printSpec(setVersion(doc, '2.0'))).toBe('%global ver 1.0\nVersion: 2.0\nRelease: %{rel}%{?dist}\n%global rel 3\n');
    expect(() => resetRelease(doc)).toThrow(expect.objectContaining({ code: 'bad-spec' }));
    const ind = parseSpec('%global rel 3\nRelease: %{rel}%{?dist}\n');
    expect(printSpec(bumpRelease(ind))).toBe('%global rel 4\nRelease: %{rel}%{?dist}\n');
  });

  it('setVersion follows %global chains, but not into conditional definitions', () => {
    const chain = parseSpec('%global upstream 1.0\n%global ver %{upstream}\nVersion:\t%{ver}\n');
    expect(printSpec(setVersion(chain, '2.0'))).toBe('%global upstream 2.0\n%global ver %{upstream}\nVersion:\t%{ver}\n');
    const cond = parseSpec('%if 0%{?rhel}\n%global ver 1.0\n%else\n%global ver 1.1\n%endif\nVersion: %{ver}\n');
    expect(printSpec(setVersion(cond, '2.0'))).toBe('%if 0%{?rhel}\n%global ver 1.0\n%else\n%global ver 1.1\n%endif\nVersion: 2.0\n');
  });

  it('%autorelease is left alone', () => {
    const doc = parseSpec('Release: %autorelease\n');
    expect(resetRelease(doc)).toBe(doc);
    const doc2 = parseSpec('Release:        %{autorelease -b 2}\n');
    expect(bumpRelease(doc2)).toBe(doc2);
  });

  it('setTagValue keeps the separator and trailing text', () => {
    const doc = parseSpec('Summary:\tOld one  \nURL:\n');
    expect(printSpec(setTagValue(doc, 'summary', 'New'))).toBe('Summary:\tNew  \nURL:\n');
    expect(printSpec(setTagValue(doc, 'URL', 'https://x'))).toBe('Summary:\tOld one  \nURL: https://x\n');
    expect(() => setTagValue(doc, 'Epoch', '1')).toThrow(expect.objectContaining({ code: 'bad-spec' }));
  });
});

describe('%changelog', () => {
  const entry = { date: new Date(Date.UTC(2026, 10, 22)), author: 'Jane Packager', email: 'jane@example.org', evr: '1.9.4-1', lines: ['Update to 1.9.4', 'Escape 100% of %{macros}'] };

  it('prepends an entry on lz4, % escaped', () => {
    const doc = loadSpec('lz4');
    const { doc: out, added } = addChangelogEntry(doc, entry);
    expect(added).toBe(true);
    expect(changed(doc, out).added).toEqual(['* Sun Nov 22 2026 Jane Packager <jane@example.org> - 1.9.4-1', '- Update to 1.9.4', '- Escape 100%% of %%{macros}', '']);
    const entries = getChangelogEntries(out);
    expect(entries[0]).toEqual({ header: '* Sun Nov 22 2026 Jane Packager <jane@example.org> - 1.9.4-1', lines: ['- Update to 1.9.4', '- Escape 100%% of %%{macros}'] });
    expect(entries[1]).toEqual({ header: '* Mon Aug 09 2021 Mohan Boddu <mboddu@redhat.com> - 1.9.3-5', lines: ['- Rebuilt for IMA sigs, glibc 2.34, aarch64 flags', '  Related: rhbz#1991688'] });
    expect(entries.length).toBe(getChangelogEntries(doc).length + 1);
  });

  it('does nothing on %autochangelog specs', () => {
    const doc = parseSpec('Name: x\n%description\nx\n%changelog\n%autochangelog\n');
    expect(addChangelogEntry(doc, entry)).toEqual({ doc, added: false });
  });

  it('creates %changelog when missing; multi-line items are indented', () => {
    const doc = parseSpec('Name: x\n%files\n/usr/bin/x');
    const out = addChangelogEntry(doc, { ...entry, lines: ['one\ntwo'] }).doc;
    expect(printSpec(out)).toBe('Name: x\n%files\n/usr/bin/x\n\n%changelog\n* Sun Nov 22 2026 Jane Packager <jane@example.org> - 1.9.4-1\n- one\n  two');
  });
});
