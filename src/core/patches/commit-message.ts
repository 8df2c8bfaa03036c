export interface Trailer {
  key: string;
  value: string;
}

/** A commit message split like git does: subject (first paragraph), body, trailer block. */
export interface CommitMessage {
  subject: string;
  /** The body without the trailer block. */
  body: string;
  trailers: Trailer[];
}

const TRAILER = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(.*)$/;

/**
 * Split a commit message. Trailers follow `git interpret-trailers`: the last
 * paragraph, when it is not the subject and every line is 'Key: value' or a
 * continuation line (leading whitespace; kept in the value after a '\n', so
 * the message prints back as it was). The subject is the first paragraph as
 * written (usually one line).
 */
export function parseCommitMessage(message: string): CommitMessage {
  const lines = message.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const firstBlank = lines.indexOf('');
  if (firstBlank < 0) return { subject: lines.join('\n'), body: '', trailers: [] };
  const subject = lines.slice(0, firstBlank).join('\n');
  let rest = lines.slice(firstBlank + 1);
  while (rest.length && rest[0] === '') rest.shift();
  const lastBlank = rest.lastIndexOf('');
  const trailers = readTrailerBlock(rest.slice(lastBlank + 1));
  if (trailers) {
    rest = rest.slice(0, Math.max(lastBlank, 0));
    while (rest.length && rest[rest.length - 1] === '') rest.pop();
  }
  return { subject, body: rest.join('\n'), trailers: trailers ?? [] };
}

function readTrailerBlock(paragraph: string[]): Trailer[] | null {
  if (paragraph.length === 0) return null;
  const trailers: Trailer[] = [];
  for (const line of paragraph) {
    const last = trailers[trailers.length - 1];
    if (/^[ \t]/.test(line)) {
      if (!last) return null;
      last.value += `\n${line}`;
      continue;
    }
    const m = TRAILER.exec(line);
    if (!m) return null;
    trailers.push({ key: m[1]!, value: m[2]! });
  }
  return trailers;
}

/** subject\n\nbody\n\nKey: value\n…, empty parts left out; always ends with one '\n'. */
export function formatCommitMessage(m: CommitMessage): string {
  const parts = [m.subject.trim(), m.body.replace(/^\n+/, '').trimEnd()];
  if (m.trailers.length) parts.push(m.trailers.map((t) => `${t.key}: ${t.value}`.trimEnd()).join('\n'));
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/** The value of a trailer, key case-insensitive; the last one wins. */
export function getTrailer(m: CommitMessage, key: string): string | undefined {
  const k = key.toLowerCase();
  for (let i = m.trailers.length - 1; i >= 0; i--) if (m.trailers[i]!.key.toLowerCase() === k) return m.trailers[i]!.value;
  return undefined;
}

/**
 * Set trailers: every key in `set` replaces all trailers of that key (case-
 * insensitive), in the place of the first one it replaces, or at the end.
 * Other trailers keep their order.
 */
export function withTrailers(m: CommitMessage, set: Trailer[]): CommitMessage {
  const byKey = new Map<string, Trailer[]>();
  for (const t of set) {
    const k = t.key.toLowerCase();
    byKey.set(k, [...(byKey.get(k) ?? []), t]);
  }
  const out: Trailer[] = [];
  for (const t of m.trailers) {
    const k = t.key.toLowerCase();
    const replacement = byKey.get(k);
    if (!replacement) out.push(t);
    else if (replacement.length) {
      out.push(...replacement);
      byKey.set(k, []);
    }
  }
  for (const rest of byKey.values()) out.push(...rest);
  return { ...m, trailers: out };
}

/** Keep only the trailers whose key passes `keep`. */
export function filterTrailers(m: CommitMessage, keep: (key: string) => boolean): CommitMessage {
  return { ...m, trailers: m.trailers.filter((t) => keep(t.key)) };
}
