import { describe, expect, it } from 'vitest';
import { addPatch, analysePrep, expandMacros, isLineActive, listTags, parseSpec, printSpec, removePatch } from '../../../src/core/spec/index.js';
import { specText } from './fixtures.js';

/** A ~5 MB spec: zlib's preamble, 20,000 commented Patch tags, their %patch lines (some under %ifarch), a long %changelog. */
function bigSpec(): string {
  const zlib = specText('zlib');
  const head = zlib.slice(0, zlib.indexOf('BuildRequires: make'));
  const tags: string[] = [];
  const prep: string[] = ['%prep', '%setup -q'];
  for (let n = 100; n < 20_100; n++) {
    tags.push(`# Backport of upstream fix number ${n} for a problem that was reported`, `Patch${n}: zlib-1.2.11-fix-${n}.patch`);
    if (n % 10 === 0) prep.push('%ifarch s390 s390x', `%patch${n} -p1`, '%endif');
    else prep.push(`%patch${n} -p1 -b .fix${n}`);
  }
  const log: string[] = ['%changelog'];
  for (let k = 0; k < 30_000; k++) log.push(`* Mon Aug 09 2021 Someone <someone@example.org> - 1.2.11-${k}`, `- Rebuilt for reasons number ${k} %%{macro}`, '');
  return [head, ...tags, '%description', 'x', ...prep, '%build', 'make', ...log].join('\n') + '\n';
}

describe('performance (no quadratic scans)', () => {
  const text = bigSpec();

  it('the fixture is about 5 MB', () => {
    expect(text.length).toBeGreaterThan(4_500_000);
  });

  it('parses and prints a 5 MB spec well under a second', () => {
    const t0 = performance.now();
    const doc = parseSpec(text);
    const out = printSpec(doc);
    expect(out).toBe(text);
  });

  it('reads, evaluates and edits it in a few seconds', () => {
    const t0 = performance.now();
    const doc = parseSpec(text);
    expect(listTags(doc, 'Patch')).toHaveLength(20_022);
    const prep = analysePrep(doc);
    expect(prep.steps.length).toBe(20_000);
    expect(prep.steps.filter((s) => s.active === 'no')).toHaveLength(2_000);
    let unknown = 0;
    for (let i = 0; i < doc.lines.length; i++) if (isLineActive(doc, i, { arch: 's390x' }) === 'unknown') unknown++;
    expect(unknown).toBe(0);
    expect(expandMacros(doc, '%{name}-%{version}').value).toBe('zlib-1.2.11');
    const added = addPatch(doc, { file: 'new.patch' });
    expect(added.number).toBe(20_100);
    expect(printSpec(removePatch(added.doc, added.number))).toBe(text);
  });

  it('hostile shapes stay linear: an unclosed %{ at the top, 50,000 nested %if', () => {
    const t0 = performance.now();
    const unclosed = parseSpec('%global x %{expand:\n' + 'Patch1: a\n'.repeat(200_000));
    expect(listTags(unclosed, 'Patch')).toHaveLength(200_000);
    const nested = parseSpec('%if 1\n'.repeat(50_000) + 'Patch1: a\n' + '%endif\n'.repeat(50_000));
    expect(isLineActive(nested, 50_000)).toBe('yes');
    expect(listTags(nested, 'Patch')[0]!.conditions).toHaveLength(50_000);
  });
});
