/**
 * The shell's working directory through %prep, as far as it can be known
 * statically: %setup changes into its directory; cd / pushd / popd with
 * relative paths move; anything else (absolute paths, variables, `cd -`)
 * makes it unknown until the next %setup.
 */
export type Dir = { known: true; path: string[] } | { known: false; raw: string };

const BUILDDIR_PREFIX = /^(?:%\{_builddir\}|%_builddir|\$RPM_BUILD_DIR|\$\{RPM_BUILD_DIR\})(?=\/|$)/;
const SUBDIR_PREFIX = /^(?:%\{buildsubdir\}|%buildsubdir)(?=\/|$)/;

export function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/** Resolve `target` against `from` (segments relative to %{_builddir}). */
export function resolveDir(from: Dir, target: string, setupDir: string[] | null): Dir {
  let base: Dir = from;
  let rest = target;
  if (BUILDDIR_PREFIX.test(rest)) {
    base = { known: true, path: [] };
    rest = rest.replace(BUILDDIR_PREFIX, '');
  } else if (setupDir && SUBDIR_PREFIX.test(rest)) {
    base = { known: true, path: setupDir };
    rest = rest.replace(SUBDIR_PREFIX, '');
  } else if (rest.startsWith('/') || rest.startsWith('~') || /[$%`*?]/.test(rest) || rest === '-' || rest === '') {
    return { known: false, raw: target };
  }
  if (!base.known) return { known: false, raw: `${base.raw}/${target}` };
  const path = [...base.path];
  for (const seg of segments(rest)) {
    if (seg !== '..') path.push(seg);
    else if (path.length > 0) path.pop();
    else return { known: false, raw: target };
  }
  return { known: true, path };
}

export interface DirChange {
  kind: 'cd' | 'pushd' | 'popd';
  arg?: string;
}

/**
 * The cd/pushd/popd commands of one shell line, and whether the line does
 * nothing else. Subshells `( … )` change nothing outside; redirections are ignored.
 */
export function dirCommands(line: string): { changes: DirChange[]; onlyNavigation: boolean } {
  const t = line.trim();
  if (t.startsWith('(')) return { changes: [], onlyNavigation: false };
  const changes: DirChange[] = [];
  let onlyNavigation = true;
  for (const part of t.split(/&&|;|\|\|/)) {
    const words = part.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const cmd = words[0]!;
    if (cmd !== 'cd' && cmd !== 'pushd' && cmd !== 'popd') {
      onlyNavigation = false;
      continue;
    }
    const args: string[] = [];
    for (let k = 1; k < words.length; k++) {
      const w = words[k]!;
      if (/^(?:[0-9]*>>?|&>|[0-9]*>&)/.test(w)) {
        if (/^(?:[0-9]*>>?|&>)$/.test(w)) k++;
        continue;
      }
      if (w.startsWith('-') && w !== '-' && cmd !== 'popd') continue;
      args.push(w);
    }
    const change: DirChange = { kind: cmd };
    if (args[0] !== undefined) change.arg = args[0];
    changes.push(change);
  }
  return { changes, onlyNavigation: onlyNavigation && changes.length > 0 };
}

export class DirTracker {
  cwd: Dir = { known: true, path: [] };
  setupDir: string[] | null = null;
  private stack: Dir[] = [];

  enterSetup(dirName: string): void {
    this.setupDir = segments(dirName);
    this.cwd = { known: true, path: this.setupDir };
    this.stack = [];
  }

  apply(c: DirChange): void {
    if (c.kind === 'popd') {
      this.cwd = this.stack.pop() ?? { known: false, raw: 'popd with an empty stack' };
      return;
    }
    if (c.arg === undefined) {
      this.cwd = { known: false, raw: `${c.kind} (no directory)` };
      return;
    }
    const next = resolveDir(this.cwd, c.arg, this.setupDir);
    if (c.kind === 'pushd') this.stack.push(this.cwd);
    this.cwd = next;
  }

  /** Where a patch applies: relative to the source tree, to %{_builddir}, or unknown. */
  describe(extra?: string): { directory: string; buildDirectory: string | null; dirUnknown?: string } {
    const dir = extra === undefined ? this.cwd : resolveDir(this.cwd, extra, this.setupDir);
    if (!dir.known) return { directory: '', buildDirectory: null, dirUnknown: dir.raw };
    const buildDirectory = dir.path.join('/');
    const root = this.setupDir;
    if (!root) return { directory: '', buildDirectory, dirUnknown: `${buildDirectory || '.'} (no %setup before this line)` };
    const inside = root.every((s, k) => dir.path[k] === s);
    if (!inside) return { directory: '', buildDirectory, dirUnknown: `${buildDirectory || '.'} (outside the %setup directory ${root.join('/')})` };
    return { directory: dir.path.slice(root.length).join('/'), buildDirectory };
  }
}
