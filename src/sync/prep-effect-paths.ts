/**
 * Which tree differences a %prep shell line explains, beyond the files it
 * names: autotools output (autoreconf & co. regenerate configure, Makefile.in,
 * build-aux/ helpers, m4/ files), directories removed by `rm -r` / `git rm -r`,
 * files copied in by `cp`/`install`. (Trees renamed by `mv` are compared
 * under their new name: prep-renames.ts.) Pure.
 */
export type DiffKind = 'only-in-prepared' | 'only-in-source-git' | 'content';

const AUTOTOOLS = /(?:^|[\s;&|(])(?:autoreconf|aclocal|libtoolize|autoconf|automake|autoheader|autopoint|gettextize|intltoolize)(?=\s|$|;)/;
const GENERATED = new Set([
  'configure', 'Makefile.in', 'aclocal.m4', 'config.h.in', 'config.guess', 'config.sub', 'ltmain.sh', 'install-sh', 'missing',
  'depcomp', 'compile', 'mdate-sh', 'texinfo.tex', 'test-driver', 'ar-lib', 'ylwrap', 'config.rpath', 'ABOUT-NLS', 'py-compile',
  'Makefile.in.in', 'Rules-quot', 'boldquot.sed', 'en@boldquot.header', 'en@quot.header', 'insert-header.sin', 'quot.sed',
  'remove-potcdate.sin', 'Makevars.template',
  // automake --add-missing (autoreconf -i) installs the GNU INSTALL when the tree has none (el9 audit from its git tag)
  'INSTALL',
]);

function generatedByAutotools(path: string): boolean {
  const segs = path.split('/');
  if (segs.includes('autom4te.cache')) return true;
  const base = segs.at(-1)!.replace(/~$/, '');
  if (GENERATED.has(base) || base.endsWith('.h.in')) return true;
  return segs.at(-2) === 'm4' && base.endsWith('.m4');
}

/** Words of a line's commands: [command words][] split on ; && || | (quotes dropped). */
function commands(line: string): string[][] {
  return line
    .split(/;|&&|\|\||\|/)
    .map((c) => c.trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, '')).filter((w) => w !== ''))
    .filter((c) => c.length > 0);
}

export function globRe(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`);
}

/** Does `prefix` (a path, maybe with globs) name `path` or a directory above it? */
function under(path: string, prefix: string): boolean {
  const want = prefix.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  const have = path.split('/');
  if (want.length > have.length || want.some((w) => w === '' || w === '..')) return false;
  return want.every((w, k) => (/[*?]/.test(w) ? globRe(w).test(have[k]!) : w === have[k]));
}

/** Resolve `rel` against the source-tree directory `dir`; null when it leaves the tree or dir is unknown. */
function resolveIn(dir: string | null, rel: string): string[] | null {
  if (dir === null || rel.startsWith('/')) return null;
  const out = dir === '' ? [] : dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') out.push(seg);
    else if (out.length > 0) out.pop();
    else return null;
  }
  return out;
}

/** `cp SRC… DEST` run in `dir`: is `path` DEST itself (one source) or DEST/<name of a source>/…? */
function copiedTo(path: string, args: string[], dir: string | null): boolean {
  const dest = resolveIn(dir, args.at(-1)!);
  if (!dest) return false;
  const segs = path.split('/');
  if (args.length === 2 && segs.join('/') === dest.join('/')) return true;
  if (segs.length <= dest.length || dest.some((d, k) => segs[k] !== d)) return false;
  const name = segs[dest.length]!;
  return args.slice(0, -1).some((a) => {
    const base = a.replace(/\/+$/, '').split('/').pop() ?? '';
    return /[*?]/.test(base) ? globRe(base).test(name) : base === name;
  });
}

/** The verb for a difference this (macro-expanded) line explains, or null. */
export function effectExplains(line: string, directory: string | null, path: string, kind: DiffKind): string | null {
  if (kind !== 'only-in-source-git' && AUTOTOOLS.test(line) && generatedByAutotools(path)) return 'generated';
  if (kind === 'only-in-prepared' && /\.bak$/.test(path)) {
    // perl -x patchlevel.h … rewrites patchlevel.h and keeps patchlevel.bak
    const stem = path.slice(0, -'.bak'.length);
    const named = line.split(/[\s'"]+/).some((w) => w.replace(/^\.\//, '').replace(/\.[^./]+$/, '') === stem || w === stem);
    if (named) return 'backup made';
  }
  for (const words of commands(line)) {
    const cmd = words[0] === 'git' ? `git ${words[1] ?? ''}` : words[0]!;
    const args = words.slice(cmd.startsWith('git ') ? 2 : 1).filter((w) => !w.startsWith('-'));
    if ((cmd === 'rm' || cmd === 'git rm') && kind === 'only-in-source-git' && args.some((a) => under(path, a))) return 'removed';
    if ((cmd === 'cp' || cmd === 'install' || cmd === 'ln') && kind === 'only-in-prepared' && args.length >= 2 && copiedTo(path, args, directory)) return 'copied in';
  }
  return null;
}
