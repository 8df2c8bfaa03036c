import { gzipSync } from 'node:zlib';

export interface TarMember {
  name: string;
  data: Uint8Array;
  /** Unix permission bits, e.g. 0o644. */
  mode: number;
}

function field(header: Uint8Array, offset: number, length: number, text: string): void {
  header.set(new TextEncoder().encode(text).subarray(0, length), offset);
}
const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0';

/**
 * A gzip'd ustar archive of the members (srpmproc's lookaside `tar: true`): regular files, uid/gid 0,
 * every mtime = `mtime` so the same input gives the same bytes.
 */
export function tarGz(members: readonly TarMember[], mtime: Date): Uint8Array {
  const blocks: Uint8Array[] = [];
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const m of members) {
    const h = new Uint8Array(512);
    const nameBytes = new TextEncoder().encode(m.name);
    if (nameBytes.length > 100) {
      const cut = m.name.lastIndexOf('/', 155);
      field(h, 0, 100, m.name.slice(cut + 1));
      field(h, 345, 155, m.name.slice(0, cut));
    } else field(h, 0, 100, m.name);
    field(h, 100, 8, octal(m.mode & 0o7777, 8));
    field(h, 108, 8, octal(0, 8));
    field(h, 116, 8, octal(0, 8));
    field(h, 124, 12, octal(m.data.length, 12));
    field(h, 136, 12, octal(seconds, 12));
    field(h, 148, 8, '        ');
    field(h, 156, 1, '0');
    field(h, 257, 6, 'ustar\0');
    field(h, 263, 2, '00');
    let sum = 0;
    for (const b of h) sum += b;
    field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    blocks.push(h, m.data, new Uint8Array((512 - (m.data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const tar = new Uint8Array(total);
  let at = 0;
  for (const b of blocks) {
    tar.set(b, at);
    at += b.length;
  }
  return new Uint8Array(gzipSync(tar, { level: 9 }));
}
