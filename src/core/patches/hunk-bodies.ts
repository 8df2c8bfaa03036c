/**
 * Every hunk line of a diff (context, removed, added, "\ No newline"), in
 * order, without file headers or @@ lines: what must match for a patch to
 * apply the same way. Two diffs with the same content id but different hunk
 * bodies (a context line edited by hand, other context) may not both apply.
 * Hunk extents come from the @@ counts, so a removed line that reads "-- x"
 * is never taken for a header; context written as GNU patch also reads it
 * (an empty line, a tab-led line) is given its leading space.
 */
export function hunkBodies(diff: string): string[] {
  return [...eachHunkLine(diff)];
}

/** hunkBodies one line at a time (a huge diff is never held as an array of lines). */
function* eachHunkLine(diff: string): Generator<string> {
  const lines = eachLine(diff);
  let next = lines.next();
  while (!next.done) {
    const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(next.value);
    next = lines.next();
    if (!m) continue;
    let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
    let newLeft = m[2] === undefined ? 1 : Number(m[2]);
    while (!next.done && (oldLeft > 0 || newLeft > 0 || next.value.startsWith('\\'))) {
      const l = next.value;
      if (l.startsWith('\\')) yield l;
      else if (l.startsWith('-')) (oldLeft--, yield l);
      else if (l.startsWith('+')) (newLeft--, yield l);
      // GNU patch (what rpm runs) also takes an empty line or a tab-led line as context
      else if (l.startsWith(' ') || l === '' || l.startsWith('\t')) (oldLeft--, newLeft--, yield l.startsWith(' ') ? l : ` ${l}`);
      else {
        next = lines.next(); // the line that ends a hunk early is not read again as an @@ line
        break;
      }
      next = lines.next();
    }
  }
}

/** The pieces of `text.split('\n')`, one by one. */
function* eachLine(text: string): Generator<string> {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      yield text.slice(start);
      return;
    }
    yield text.slice(start, nl);
    start = nl + 1;
  }
}

export function sameHunkBodies(a: string, b: string): boolean {
  const x = eachHunkLine(a);
  const y = eachHunkLine(b);
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return !!p.done && !!q.done;
    if (p.value !== q.value) return false;
  }
}
