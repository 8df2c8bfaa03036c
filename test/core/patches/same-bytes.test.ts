import { describe, expect, it } from 'vitest';
import { sameBytes } from '../../../src/core/patches/index.js';

const CHUNK = 256 * 1024; // sameBytes encodes this many UTF-16 units at a time

describe('sameBytes: a buffer against the UTF-8 of several strings, without joining them', () => {
  it('equal and unequal content, split anywhere across the parts', () => {
    const text = 'From abc\nSubject: [PATCH] é ✓ 𝄞\n---\n\ndiff --git a/x b/x\n-a\n+b\n-- \n2.39.5\n\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= text.length; cut += 1) {
      if (/[\udc00-\udfff]/.test(text[cut] ?? '')) continue; // not inside a surrogate pair
      expect(sameBytes(bytes, [text.slice(0, cut), text.slice(cut)])).toBe(true);
    }
    expect(sameBytes(bytes, [text.slice(0, 10), '', text.slice(10)])).toBe(true);
    expect(sameBytes(bytes, [text.replace('+b', '+c')])).toBe(false);
    expect(sameBytes(bytes, [text, '\n'])).toBe(false);
    expect(sameBytes(bytes.subarray(1), [text])).toBe(false);
    expect(sameBytes(Buffer.alloc(0), [])).toBe(true);
    expect(sameBytes(Buffer.alloc(0), [''])).toBe(true);
  });

  it('a difference far past the first slice is found', () => {
    const big = 'x'.repeat(CHUNK * 3 + 17);
    const bytes = Buffer.from(big);
    expect(sameBytes(bytes, [big])).toBe(true);
    const other = Buffer.from(big);
    other[CHUNK * 2 + 5] = 0x79;
    expect(sameBytes(other, [big])).toBe(false);
  });

  it('a surrogate pair (and a lone surrogate) on a slice boundary gives the same bytes as Buffer.from', () => {
    for (const odd of ['\ud834\udd1e', '\ud834', '\udd1e', 'é']) {
      for (const shift of [-2, -1, 0, 1]) {
        const text = `${'a'.repeat(CHUNK + shift)}${odd}${'b'.repeat(10)}${odd}`;
        const bytes = Buffer.from(text, 'utf8');
        expect(sameBytes(bytes, [text])).toBe(true);
        expect(sameBytes(bytes, [text.slice(0, 5), text.slice(5)])).toBe(true);
        const changed = Buffer.from(bytes);
        changed[changed.length - 11] = 0x63;
        expect(sameBytes(changed, [text])).toBe(false);
      }
    }
  });
});
