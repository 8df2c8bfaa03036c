import { basename, posix } from 'node:path';
import { shellWords } from './shell-words.js';

/** One patch %prep applied, as read from rpmbuild's trace. */
export interface AppliedPatch {
  file: string;
  /** N of `Patch #N (file):` (%patch only; %autopatch does not print it). */
  number?: number;
  strip?: number;
  /** `-d DIR` as given to patch. */
  dir?: string;
  /** Absolute directory patch ran in (cwd + -d), when the trace shows it. */
  ranIn?: string;
  reverse?: boolean;
  /** All arguments given to patch. */
  args: string[];
}

interface PatchCmd {
  args: string[];
  cwd: string | undefined;
}

const isPatchCommand = (w: string | undefined) => w !== undefined && basename(w) === 'patch';
const ARCHIVE = /\.(tar(\.[A-Za-z0-9]+)?|tgz|tbz2?|txz|tzst|zip)$/i;
const FEEDERS = new Set(['cat', 'rpmuncompress', 'gzip', 'xz', 'bzip2', 'zstd', 'lzma', 'unzip']);

/**
 * Patches applied, in order, from the merged stdout+stderr of `rpmbuild -bp`
 * (bash `set -x` trace). Understands `Patch #N (file):` + `+ /usr/bin/patch …`
 * (%patch) and `+ …/rpmuncompress|cat SOURCEDIR/file` piped into patch
 * (%autosetup/%autopatch; the two sides of the pipe may be traced in either
 * order). Follows `cd`/`pushd`/`popd` to know where each patch ran.
 */
export function parsePrepLog(log: string, sourceDir: string): AppliedPatch[] {
  const out: AppliedPatch[] = [];
  const dirs: string[] = [];
  let cwd: string | undefined;
  let file: { name: string; number?: number } | undefined;
  let cmd: PatchCmd | undefined;
  const emit = (f: { name: string; number?: number }, c: PatchCmd) => {
    out.push(describe(f, c));
    file = undefined;
    cmd = undefined;
  };
  for (const line of log.split('\n')) {
    const header = /^Patch #(\d+) \((.+)\):$/.exec(line);
    if (header) {
      file = { name: header[2]!, number: Number(header[1]) };
      cmd = undefined;
      continue;
    }
    if (!line.startsWith('+')) continue;
    const words = shellWords(line.replace(/^\++ ?/, ''));
    const [first, second] = words;
    if (first === 'cd' && second) cwd = changeDir(cwd, second);
    else if (first === 'pushd' && second) {
      dirs.push(cwd ?? '');
      cwd = changeDir(cwd, second);
    } else if (first === 'popd') cwd = dirs.pop() || undefined;
    else if (isPatchCommand(first)) {
      const c = { args: words.slice(1), cwd };
      if (file) emit(file, c);
      else cmd = c;
    } else if (first && FEEDERS.has(basename(first))) {
      const path = words.slice(1).find((w) => w.startsWith(`${sourceDir.replace(/\/+$/, '')}/`));
      // %setup's own `rpmuncompress -x SOURCE` / `gzip -dc SOURCE | tar` feed an archive, never a patch:
      // pairing a patch command with it (the pipe's sides are traced in either order) would name the tarball
      if (!path || words.includes('-x') || ARCHIVE.test(path)) continue;
      const f = { name: basename(path) };
      if (cmd) emit(f, cmd);
      else file = f;
    }
  }
  return out;
}

function changeDir(cwd: string | undefined, to: string): string | undefined {
  if (to.startsWith('/')) return posix.normalize(to);
  return cwd === undefined ? undefined : posix.resolve(cwd, to);
}

function describe(f: { name: string; number?: number }, c: PatchCmd): AppliedPatch {
  const p: AppliedPatch = { file: f.name, args: c.args, ...(f.number !== undefined ? { number: f.number } : {}) };
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]!;
    const next = c.args[i + 1];
    let m: RegExpExecArray | null;
    if ((m = /^-p(\d+)$/.exec(a)) || (m = /^--strip=(\d+)$/.exec(a))) p.strip = Number(m[1]);
    else if (a === '-p' && next !== undefined) p.strip = Number(c.args[++i]);
    else if (a === '-d' && next !== undefined) p.dir = c.args[++i]!;
    else if ((m = /^--directory=(.+)$/.exec(a)) || (m = /^-d(.+)$/.exec(a))) p.dir = m[1]!;
    else if (a === '-R' || a === '--reverse') p.reverse = true;
  }
  if (c.cwd) p.ranIn = p.dir ? posix.resolve(c.cwd, p.dir) : c.cwd;
  return p;
}
