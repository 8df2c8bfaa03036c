import { StringDecoder } from 'node:string_decoder';

/**
 * Splits `git log` output whose records each start with `marker` + sha + '\n'
 * as it streams in: each record's body (the blank lines after its sha line
 * skipped) is decoded as UTF-8 chunk by chunk, so the whole output is never
 * held as one buffer next to its text. end() gives sha → text, in order.
 * Bytes before the first marker are dropped; a record without a '\n' after
 * its sha is empty.
 */
export function logRecordSplitter(marker: Buffer): { write(chunk: Buffer): void; end(): Map<string, string> } {
  const records = new Map<string, string>();
  let pending: Buffer = Buffer.alloc(0);
  let inShaLine = false;
  let sha: string | null = null;
  let text = '';
  let atStart = true;
  let decoder = new StringDecoder('utf8');
  const body = (bytes: Buffer) => {
    if (sha === null) return;
    let from = 0;
    if (atStart) {
      while (from < bytes.length && bytes[from] === 0x0a) from++;
      if (from < bytes.length) atStart = false;
    }
    if (from < bytes.length) text += decoder.write(bytes.subarray(from));
  };
  const close = () => {
    if (sha !== null) records.set(sha, text + decoder.end());
  };
  const open = (name: string) => {
    sha = name;
    text = '';
    atStart = true;
    decoder = new StringDecoder('utf8');
  };
  return {
    write(chunk) {
      const buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      let pos = 0;
      for (;;) {
        const m = buf.indexOf(marker, pos);
        if (inShaLine) {
          const nl = buf.indexOf(0x0a, pos);
          const end = nl >= 0 && (m < 0 || nl < m) ? nl : m;
          if (end < 0) {
            pending = Buffer.from(buf.subarray(pos)); // the sha line goes on in the next chunk
            return;
          }
          close();
          open(buf.toString('latin1', pos, end));
          inShaLine = false;
          pos = end === nl ? nl : end; // the '\n' is skipped as a blank line
          continue;
        }
        if (m >= 0) {
          body(buf.subarray(pos, m));
          pos = m + marker.length;
          inShaLine = true;
          continue;
        }
        // no whole marker: its first bytes may end this chunk
        const keep = Math.max(pos, buf.length - (marker.length - 1));
        body(buf.subarray(pos, keep));
        pending = Buffer.from(buf.subarray(keep));
        return;
      }
    },
    end() {
      if (inShaLine) {
        close();
        open(pending.toString('latin1'));
      } else {
        body(pending);
      }
      close();
      return records;
    },
  };
}
