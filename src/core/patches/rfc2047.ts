const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

/** Decode RFC 2047 encoded words (=?UTF-8?q?…?=, =?iso-8859-1?B?…?=); whitespace between two encoded words goes. */
export function decodeRfc2047(value: string): string {
  const joined = value.replace(/(\?=)\s+(?==\?[^?\s]+\?[QqBb]\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (word, charset: string, enc: string, text: string) => {
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qBytes(text);
    try {
      return new TextDecoder(charset.split('*')[0]!.toLowerCase()).decode(bytes);
    } catch {
      return word; // unknown charset: keep the word as written
    }
  });
}

function qBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '_') out.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(c, 'latin1'));
  }
  return Buffer.from(out);
}

/** git's needs_rfc2047_encoding: non-ASCII, a newline, or '=?' anywhere. */
export function needsRfc2047(value: string): boolean {
  return /[^\x00-\x7f]|\n|=\?/.test(value);
}

const MAX_ENCODED_LENGTH = 76;

/**
 * git's add_rfc2047 (pretty.c): one or more =?UTF-8?q?…?= words, folded with
 * '\n ' so that no line passes 76 columns. `column` is the length of the
 * line so far ('Subject: [PATCH] ' = 17). `address` applies the stricter set
 * of RFC 2047 §5.3 for a name in From:.
 */
export function encodeRfc2047(value: string, column: number, address: boolean): string {
  const prefix = '=?UTF-8?q?';
  let out = prefix;
  let lineLen = column + prefix.length;
  for (const ch of value) {
    const bytes = Buffer.from(ch, 'utf8');
    const special = bytes.length > 1 || isSpecial(bytes[0]!, address);
    const encoded = special ? [...bytes].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('') : ch;
    if (lineLen + encoded.length + 2 > MAX_ENCODED_LENGTH) {
      out += `?=\n ${prefix}`;
      lineLen = prefix.length + 1;
    }
    out += encoded;
    lineLen += encoded.length;
  }
  return `${out}?=`;
}

function isSpecial(b: number, address: boolean): boolean {
  if (b > 0x7e || b < 0x20) return true;
  const c = String.fromCharCode(b);
  if (c === ' ' || c === '=' || c === '?' || c === '_') return true;
  if (!address) return false;
  return !/[A-Za-z0-9!*+\-/]/.test(c);
}
