/** Small scanners for rpm macro syntax, shared by the expander and the spec scanners. */

/** Index of the bracket closing the one at `open` (same nesting rules as rpm's matchchar), or -1. */
export function matchClose(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let p = open; p < text.length; p++) {
    const c = text[p];
    if (c === '\\') {
      p++;
      continue;
    }
    if (c === left) depth++;
    else if (c === right && --depth === 0) return p;
  }
  return -1;
}

export interface BraceCall {
  /** '!' given (negate). */
  negate: boolean;
  /** '?' given (only if defined). */
  conditional: boolean;
  name: string;
  /** Text after ':' (undefined when there was no ':'). */
  colonArg?: string;
  /** Text after a blank ('%{with foo}'), undefined when none. */
  spaceArg?: string;
}

/** Parse the inside of %{…}; null when it is not a plain named call (%{-f}, %{1}, %{*}, odd names). */
export function parseBraceCall(inner: string): BraceCall | null {
  let p = 0;
  let negate = false;
  let conditional = false;
  while (p < inner.length && (inner[p] === '!' || inner[p] === '?')) {
    if (inner[p] === '!') negate = !negate;
    else conditional = true;
    p++;
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner.slice(p));
  if (!m) return null;
  const name = m[0];
  const rest = inner.slice(p + name.length);
  const call: BraceCall = { negate, conditional, name };
  if (rest === '') return call;
  if (rest[0] === ':') call.colonArg = rest.slice(1);
  else if (rest[0] === ' ' || rest[0] === '\t') call.spaceArg = rest.slice(1);
  else return null;
  return call;
}
