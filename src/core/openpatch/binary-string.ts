/** Bytes as a "binary string" (one char per byte, like Go's string): every edit keeps the other bytes. */
export function toBinary(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}

export function fromBinary(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

/** A UTF-8 string from a directive, as the binary string of its UTF-8 bytes (to search a binary string). */
export function utf8AsBinary(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
