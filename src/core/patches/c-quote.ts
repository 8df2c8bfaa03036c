const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/**
 * Read a C-style quoted name as git writes paths with special characters
 * ("a/t\303\244st.c"), starting at the opening quote `s[from]`. Octal escapes
 * are bytes of UTF-8. Returns the name and the index after the closing quote,
 * or null when the quoting is broken.
 */
export function readCQuoted(s: string, from = 0): { value: string; next: number } | null {
  if (s[from] !== '"') return null;
  const bytes: number[] = [];
  let i = from + 1;
  while (i < s.length) {
    const c = String.fromCodePoint(s.codePointAt(i)!);
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), next: i + 1 };
    if (c === '\\') {
      const e = s[i + 1];
      if (e === undefined) return null;
      if (/[0-7]/.test(e)) {
        const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
        bytes.push(parseInt(oct, 8) & 0xff);
        i += 1 + oct.length;
        continue;
      }
      const mapped = ESCAPES[e];
      if (mapped === undefined) return null;
      bytes.push(mapped.charCodeAt(0));
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(c, 'utf8'));
    i += c.length;
  }
  return null;
}
