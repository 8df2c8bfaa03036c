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
  const lines = diff.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(lines[i]!);
    if (!m) continue;
    let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
    let newLeft = m[2] === undefined ? 1 : Number(m[2]);
    while ((oldLeft > 0 || newLeft > 0 || lines[i + 1]?.startsWith('\\')) && i + 1 < lines.length) {
      const l = lines[++i]!;
      if (l.startsWith('\\')) out.push(l);
      else if (l.startsWith('-')) (oldLeft--, out.push(l));
      else if (l.startsWith('+')) (newLeft--, out.push(l));
      // GNU patch (what rpm runs) also takes an empty line or a tab-led line as context
      else if (l.startsWith(' ') || l === '' || l.startsWith('\t')) (oldLeft--, newLeft--, out.push(l.startsWith(' ') ? l : ` ${l}`));
      else break;
    }
  }
  return out;
}

export function sameHunkBodies(a: string, b: string): boolean {
  const x = hunkBodies(a);
  const y = hunkBodies(b);
  return x.length === y.length && x.every((l, i) => l === y[i]);
}
