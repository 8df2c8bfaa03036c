const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\v\f\r'.includes(c);

/** Display width as git counts it for ASCII: control characters -1, NUL 0, others 1. */
function widthOf(c: string): number {
  const code = c.codePointAt(0)!;
  if (code === 0) return 0;
  if (code < 32 || (code >= 0x7f && code < 0xa0)) return -1;
  return 1;
}

/**
 * git's strbuf_add_wrapped_text (utf8.c) with a negative first indent: the
 * text continues a line already `column` wide; wrapped lines are indented by
 * `indent` spaces; words are broken onto a new line past `width` columns.
 * Used for 'Subject:' (width 78, indent 1) and 'From:' headers.
 */
export function wrapText(text: string, column: number, indent: number, width: number): string {
  let out = '';
  let pos = 0;
  let bol = 0;
  let w = column;
  let space: number | null = 0;
  for (;;) {
    const c = text[pos];
    if (c === undefined || isSpace(c)) {
      if (w <= width || space === null) {
        if (c === undefined && pos === bol) return out;
        let start = bol;
        if (space !== null) start = space;
        else out += ' '.repeat(indent);
        out += text.slice(start, pos);
        if (c === undefined) return out;
        space = pos;
        if (c === '\t') w |= 0x07;
        w++;
        pos++;
      } else {
        out += '\n';
        pos = bol = space + (isSpace(text[space]) ? 1 : 0);
        space = null;
        w = indent;
      }
      continue;
    }
    w += widthOf(c);
    pos++;
  }
}
