/** Characters encoded per step: the scratch buffer holds at most 3 bytes a UTF-16 unit. */
const CHUNK = 256 * 1024;

/**
 * True when `bytes` is exactly `Buffer.from(parts.join(''), 'utf8')`, found
 * without building that string or buffer: the parts are encoded a slice at a
 * time (never splitting a surrogate pair, so the bytes are the same as the
 * whole string's) and compared as they go. A mismatch stops at once.
 */
export function sameBytes(bytes: Buffer, parts: readonly string[]): boolean {
  let total = 0;
  for (const part of parts) total += Buffer.byteLength(part, 'utf8');
  if (total !== bytes.length) return false;
  const scratch = Buffer.allocUnsafe(CHUNK * 3);
  let at = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; ) {
      let j = Math.min(part.length, i + CHUNK);
      const last = part.charCodeAt(j - 1);
      if (j < part.length && last >= 0xd800 && last <= 0xdbff) j -= 1; // keep a high surrogate with its low half
      const n = scratch.write(part.slice(i, j), 'utf8');
      if (!scratch.subarray(0, n).equals(bytes.subarray(at, at + n))) return false;
      at += n;
      i = j;
    }
  }
  return at === bytes.length;
}
