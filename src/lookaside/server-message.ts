/** The longest server message we quote in an error. */
const MAX = 240;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const tag = (text: string, name: string): string | undefined => {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'i').exec(text);
  return m ? decode(m[1]!) || undefined : undefined;
};

/**
 * What a server said, from an error body of any shape: S3's XML
 * `<Code>`/`<Message>` (e.g. `NoSuchBucket: The specified bucket does not
 * exist`), an HTML page's `<title>` (and its first paragraph, as Apache
 * writes them), or a text body's first non-empty line. Capped; '' when empty.
 */
export function serverMessage(text: string): string {
  const body = text.replace(/^\uFEFF/, '');
  const looksMarkup = /^\s*</.test(body);
  if (looksMarkup) {
    const code = tag(body, 'Code');
    if (code !== undefined) {
      const message = tag(body, 'Message');
      return cap(message ? `${code}: ${message}` : code);
    }
    const title = tag(body, 'title') ?? tag(body, 'h1');
    const para = tag(body, 'p');
    if (title !== undefined || para !== undefined) return cap([...new Set([title, para])].filter((x) => x !== undefined).join(': '));
    return cap(decode(body));
  }
  return cap((body.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim());
}

function cap(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s;
}
