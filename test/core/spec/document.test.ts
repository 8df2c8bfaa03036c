import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysePrep, isLineActive, listTags, parseSpec, printSpec } from '../../../src/core/spec/index.js';
import { allSpecFiles } from './fixtures.js';

describe('parseSpec / printSpec round trip', () => {
  const files = allSpecFiles();

  it('finds the real specs (fixtures/specs at least)', () => {
    expect(files.filter((f) => f.includes('/fixtures/specs/')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('is byte-identical for %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(printSpec(parseSpec(text, file))).toBe(text);
  });

  it.each([
    ['empty', ''],
    ['only a newline', '\n'],
    ['no final newline', 'Name: x\nVersion: 1'],
    ['CRLF', 'Name: x\r\nVersion: 1\r\n'],
    ['mixed CRLF and LF, no final newline', 'a\r\nb\nc\r\nd'],
    ['lone CR', 'a\rb\n\r\n\r'],
    ['tabs', 'Summary:\tDevelopment files\n\t%patch1\t-p1\n'],
    ['trailing blanks and blank lines', 'a  \n\n\n   \n'],
    ['unicode', 'Timothée ✓ 👍\n'],
    ['NUL and odd bytes', 'a\u0000b\n\u00ff\n'],
    ['unclosed macro at EOF', '%global x %{expand:\nfoo\n'],
  ])('is byte-identical for %s', (_name, text) => {
    const doc = parseSpec(text);
    expect(printSpec(doc)).toBe(text);
  });

  it('keeps each line end', () => {
    const doc = parseSpec('a\r\nb\nc');
    expect(doc.lines).toEqual([
      { text: 'a', eol: '\r\n' },
      { text: 'b', eol: '\n' },
      { text: 'c', eol: '' },
    ]);
  });

  it('never throws on random input, and the readers do not either', () => {
    const alphabet = ['%', '{', '}', '(', ')', '[', ']', '\\', '\n', '\r\n', ' ', '\t', '#', ':', '?', '!', 'if', 'else', 'endif', 'ifarch ', 'Patch', '1', 'prep', 'setup', 'patch', '-p', 'global ', 'x', '"'];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      let text = '';
      const len = rand(200);
      for (let k = 0; k < len; k++) text += alphabet[rand(alphabet.length)];
      const doc = parseSpec(text);
      expect(printSpec(doc)).toBe(text);
      listTags(doc, 'Patch');
      for (let i = 0; i < doc.lines.length; i++) isLineActive(doc, i);
      try {
        analysePrep(doc);
      } catch (e) {
        expect((e as { code?: string }).code).toBe('bad-spec');
      }
    }
  });
});
