import { decodeRfc2047 } from './rfc2047.js';
import { noCr, type Lines } from './lines.js';

export interface PatchAuthor {
  name: string;
  /** May be '' (e.g. 'From: IBM developers'). */
  email: string;
}

/** Header fields by lower-cased name, values unfolded (continuation lines joined), in order. */
export type HeaderFields = Map<string, string[]>;

const FIELD = /^([A-Za-z0-9-]+):[ \t]?(.*)$/;

/**
 * Read an RFC 822 header block starting at line `from`: 'Name: value' lines
 * and their continuation lines (leading whitespace). Stops after a blank line
 * or before the first line that is neither. `next` is the first line after.
 */
export function readHeaderBlock(lines: Lines, from: number): { fields: HeaderFields; next: number; count: number } {
  const fields: HeaderFields = new Map();
  let current: { key: string; value: string } | undefined;
  const flush = () => {
    if (!current) return;
    const list = fields.get(current.key) ?? [];
    list.push(current.value);
    fields.set(current.key, list);
    current = undefined;
  };
  let i = from;
  let count = 0;
  for (; i < lines.length; i++) {
    const t = noCr(lines.text(i));
    if (t.trim() === '') {
      i++;
      break;
    }
    if (/^[ \t]/.test(t) && current) {
      current.value += t; // unfolding removes only the line break
      count++;
      continue;
    }
    const m = FIELD.exec(t);
    if (!m) break;
    flush();
    current = { key: m[1]!.toLowerCase(), value: m[2]! };
    count++;
  }
  flush();
  return { fields, next: i, count };
}

export function lastField(fields: HeaderFields, key: string): string | undefined {
  const list = fields.get(key);
  return list?.[list.length - 1]?.trim();
}

/** Longer From: values are cut before parsing (real ones are far shorter). */
const MAX_ADDRESS = 2000;

/** 'Name <email>', '"Quoted, Name" <email>', 'email (Name)', 'email', or just a name (email ''). RFC 2047 decoded. */
export function parseAuthor(raw: string): PatchAuthor {
  const value = decodeRfc2047(raw.slice(0, MAX_ADDRESS)).trim();
  const angle = /^(.*?)\s*<([^<>]*)>\s*$/.exec(value);
  if (angle) {
    const name = unquoteName(angle[1]!.trim());
    const email = angle[2]!.trim();
    return { name: name || email, email };
  }
  const paren = /^(\S+@\S+)\s*\((.*)\)$/.exec(value);
  if (paren) return { name: paren[2]!.trim() || paren[1]!, email: paren[1]! };
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return { name: value, email: value };
  return { name: unquoteName(value), email: '' };
}

function unquoteName(s: string): string {
  const m = /^"(.*)"$/.exec(s);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : s;
}
