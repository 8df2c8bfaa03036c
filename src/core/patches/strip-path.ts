/**
 * Strip `n` leading path components like `patch -pN` does: each step removes
 * everything up to and including the next run of slashes. Returns null when
 * the path has too few components (patch could not use the name).
 */
export function stripPath(path: string, n: number): string | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`strip count must be a non-negative integer, got ${n}`);
  let rest = path;
  for (let i = 0; i < n; i++) {
    const slash = rest.indexOf('/');
    if (slash < 0) return null;
    let next = slash + 1;
    while (rest[next] === '/') next++;
    rest = rest.slice(next);
  }
  return rest === '' ? null : rest;
}
