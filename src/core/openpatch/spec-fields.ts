/** srpmproc's notion of a spec "field" line: `^[a-zA-Z0-9]+:` anywhere in the file. */
const FIELD = /^([a-zA-Z0-9]+):([ \t]*)(.*?)([ \t]*)$/;

export interface FieldLine {
  name: string;
  /** Text up to the value (name, ':' and the blanks after it). */
  prefix: string;
  value: string;
  /** Blanks after the value. */
  suffix: string;
}

export function fieldLine(text: string): FieldLine | null {
  const m = FIELD.exec(text);
  return m ? { name: m[1]!, prefix: `${m[1]}:${m[2]}`, value: m[3]!, suffix: m[4]! } : null;
}

/** Go's strings.Replace: the first n non-overlapping occurrences (n < 0: all; n = 0: none). */
export function replaceN(s: string, find: string, replacement: string, n: number): { text: string; count: number } {
  if (n === 0 || find === '') return { text: s, count: 0 };
  let out = '';
  let from = 0;
  let count = 0;
  for (let at = s.indexOf(find); at >= 0 && (n < 0 || count < n); at = s.indexOf(find, from)) {
    out += s.slice(from, at) + replacement;
    from = at + find.length;
    count++;
  }
  return { text: out + s.slice(from), count };
}

/**
 * A new 'Name: value' line. Auto-aligned: the value starts where it does on `like` (the tag it follows),
 * or with the same blanks when those are tabs; disable_auto_align: one space, as srpmproc writes it.
 */
export function fieldText(name: string, value: string, like: string | undefined, disableAutoAlign: boolean): string {
  const f = like === undefined ? null : fieldLine(like);
  if (disableAutoAlign || !f) return `${name}: ${value}`;
  const sep = f.prefix.slice(f.name.length + 1);
  if (sep.includes('\t')) return `${name}:${sep}${value}`;
  return `${name}:${' '.repeat(Math.max(1, f.prefix.length - name.length - 1))}${value}`;
}
