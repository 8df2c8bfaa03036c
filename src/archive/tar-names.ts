/** Undo GNU tar's `--quoting-style=escape` (C escapes, octal bytes) and decode the bytes as UTF-8. */
export function unescapeTarName(quoted: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '?': 63, '"': 34, "'": 39, ' ': 32 };
  for (let i = 0; i < quoted.length; i++) {
    const ch = quoted[i]!;
    if (ch !== '\\' || i + 1 >= quoted.length) {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const oct = /^[0-7]{3}/.exec(quoted.slice(i + 1, i + 4));
    if (oct) {
      bytes.push(parseInt(oct[0], 8));
      i += 3;
      continue;
    }
    const next = quoted[i + 1]!;
    bytes.push(simple[next] ?? next.charCodeAt(0));
    i += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Member name with leading './' removed and N leading components stripped (like --strip-components); null when nothing is left. */
export function stripName(name: string, strip: number): string | null {
  const parts = name.split('/').filter((p, i) => !(p === '.' && i === 0) && p !== '');
  const rest = parts.slice(strip);
  return rest.length === 0 ? null : rest.join('/');
}
