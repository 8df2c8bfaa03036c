/**
 * The directive files of a patch repository, in the order srpmproc reads them: `PATCHES/*.cfg` when a
 * PATCHES/ directory exists (OpenELA), else `ROCKY/CFG/*.cfg` (Rocky); one directory deep, sorted by
 * name like Go's ReadDir.
 */
export function findDirectiveFiles(paths: Iterable<string>): { dir: string; files: string[] } {
  const all = [...paths];
  const dir = all.some((p) => p.startsWith('PATCHES/')) ? 'PATCHES' : 'ROCKY/CFG';
  const files = all.filter((p) => p.startsWith(`${dir}/`) && p.endsWith('.cfg') && !p.slice(dir.length + 1).includes('/'));
  return { dir, files: files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
}
