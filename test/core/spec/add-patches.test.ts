import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addPatch, addPatches, parseSpec, printSpec } from '../../../src/core/spec/index.js';

const spec = (pkg: string, path: string) => readFileSync(new URL(`../../../fixtures/corpus/${pkg}/distgit/${path}`, import.meta.url), 'utf8');

describe('addPatches: one edit for many patches', () => {
  const cases: [string, string][] = [
    ['zlib', 'SPECS/zlib.spec'],
    ['zstd', 'SPECS/zstd.spec'],
    ['lz4', 'SPECS/lz4.spec'],
    ['jq', 'SPECS/jq.spec'],
  ];
  for (const [pkg, path] of cases) {
    it(`${pkg}: gives the same bytes as addPatch one by one`, () => {
      const list = [
        { file: 'a.patch', comment: ['first'] },
        { file: 'b.patch', strip: 0 },
        { file: 'c.patch', number: 200 },
        { file: 'd.patch' },
      ];
      let one = parseSpec(spec(pkg, path), path);
      const numbers: number[] = [];
      for (const p of list) {
        const r = addPatch(one, p);
        one = r.doc;
        numbers.push(r.number);
      }
      const many = addPatches(parseSpec(spec(pkg, path), path), list);
      expect(printSpec(many.doc)).toBe(printSpec(one));
      expect(many.numbers).toEqual(numbers);
    });
  }

  it('refuses a number that is taken', () => {
    const doc = parseSpec(spec('zlib', 'SPECS/zlib.spec'));
    expect(() => addPatches(doc, [{ file: 'x.patch', number: 29 }])).toThrow(/Patch29 already exists/);
  });

  it('an empty list changes nothing', () => {
    const doc = parseSpec(spec('lz4', 'SPECS/lz4.spec'));
    expect(addPatches(doc, []).doc).toBe(doc);
  });
});
