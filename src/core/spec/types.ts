/** Public shapes of the spec model. Pure data: no behaviour lives here. */

export interface SpecLine {
  readonly text: string;
  readonly eol: '\n' | '\r\n' | '';
}

export interface SpecDocument {
  readonly lines: readonly SpecLine[];
  readonly file?: string;
}

export type Tri = 'yes' | 'no' | 'unknown';

export interface SpecTag {
  /** Canonical spelling: 'Patch', 'Source', 'Version', 'BuildRequires', … */
  name: string;
  /** Patch12 -> 12; 'Patch:' / 'Source:' -> null (rpm 4.18 then auto-numbers, see rpmNumber). */
  number: number | null;
  /** For Patch/Source: the number rpm 4.18 gives it (unnumbered = highest so far + 1, first = 0). null otherwise. */
  rpmNumber: number | null;
  /** Raw value as written (not expanded), trimmed. */
  value: string;
  /** 0-based index into doc.lines. */
  line: number;
  /** Enclosing %if/%ifarch/… lines (raw, trimmed), outermost first; '%else'/'%elif …' lines mark the branch. */
  conditions: string[];
  /** Contiguous '#' comment lines directly above the tag, without '# '. */
  commentAbove: string[];
  /** Qualifier in parentheses, e.g. 'post' for 'Requires(post):'. */
  qualifier?: string;
  /** Index of the section (0 = main preamble) — a %package section otherwise. */
  section: number;
  /** true when the entry is a line of %patchlist / %sourcelist rather than a tag. */
  fromList?: boolean;
}

export interface MacroContext {
  /** Target arch, default 'x86_64'. */
  arch?: string;
  /** Macros that override the spec's own definitions (like rpmbuild --define). */
  defines?: Record<string, string>;
  /** Expand with the macro state as it is just before this 0-based line (default: end of the spec). */
  line?: number;
  /**
   * Values real rpm gave (in a sandbox, `--eval-with-rpm`) for the spec's `%(…)` and `%{lua:…}` texts, keyed by the
   * text as written. Without an entry such a macro stays unexpanded: distsync itself never runs the code in a spec.
   */
  evaluated?: Readonly<Record<string, string>>;
}

export interface PrepSetup {
  line: number;
  macro: 'setup' | 'autosetup';
  dirName: string;
  createDir: boolean;
  extraSources: { number: number; mode: 'a' | 'b' }[];
  noMainSource: boolean;
  /** %autosetup -pN */
  strip?: number;
  /** -D: do not delete the directory before unpacking. */
  keepDir: boolean;
  /** %autosetup -S <scm> (rpm default 'patch'). */
  scm?: string;
  /** %autosetup -N: do not apply patches. */
  noPatches?: boolean;
  /** Unexpanded macros met in the arguments. */
  unresolved: string[];
  active: Tri;
}

/** How the -p level of a step was decided. */
export type StripMode =
  | 'explicit' // -pN given
  | 'patch-default' // %patch without -p: rpm passes -p0
  | 'basename' // %autosetup/%autopatch without -p: GNU patch gets no -p and uses base names only
  | 'tool-default'; // %autosetup -S git/git_am/hg/quilt without -p: that tool's default (-p1)

export interface PrepPatchStep {
  number: number;
  file: string;
  /** Base name of file (what rpm reads from %{_sourcedir}: URL path or '#/name' fragment stripped). */
  fileName: string;
  strip: number;
  stripMode: StripMode;
  backupSuffix?: string;
  fuzz?: number;
  /**
   * Working directory relative to the unpacked source tree (the directory
   * %setup/%autosetup changes into), '' for its root. From -d DIR, pushd/popd
   * and cd. When the directory is outside the tree or cannot be known, this is
   * '' and dirUnknown says what we saw.
   */
  directory: string;
  dirUnknown?: string;
  /** Working directory relative to %{_builddir} ('lz4-1.9.3' right after %setup), null when unknown. */
  buildDirectory: string | null;
  line: number | null;
  style: 'autosetup' | 'autopatch' | 'patchN' | 'patch-P' | 'patch-arg';
  conditions: string[];
  active: Tri;
  /** Patch tag line this step applies. */
  tagLine: number;
  /** Other %patch options we keep but do not interpret (-R, -E, -Z, -o FILE). */
  extraOptions?: string[];
}

/** One %autosetup/%autopatch run: it applies every Patch tag declared before it (within -m/-M), or the listed ones. */
export interface PrepAutoRun {
  line: number;
  style: 'autosetup' | 'autopatch';
  strip: number;
  stripMode: StripMode;
  directory: string;
  buildDirectory: string | null;
  dirUnknown?: string;
  /** %autopatch -m / -M. */
  min?: number;
  max?: number;
  /** Patch numbers given as arguments: the run applies only those. */
  listed: boolean;
  active: Tri;
}

export interface PrepSideEffect {
  line: number;
  text: string;
  /** The text with the spec's macros expanded (those distsync cannot evaluate stay as written). */
  expanded: string;
  /** Working directory relative to the source tree when the line runs, null when not known. */
  directory: string | null;
  active: Tri;
}

/**
 * A %prep shell line that applies a patch besides %patch (`patch -p1 -i
 * patches/x.diff`, `patch -p1 < %{SOURCE91}`, `git apply FILE`,
 * `cat %{SOURCE5} | patch -p1`): a step of %prep like a %patch line.
 */
export interface PrepShellPatch {
  /** 0-based line. */
  line: number;
  /** The line as written, trimmed. */
  text: string;
  tool: 'patch' | 'git apply' | 'git am';
  /**
   * The patch file: a file of %{_sourcedir} (name = what a SourceN/PatchN tag names), or a path inside the
   * source tree (relative to its root, resolved against the line's directory). null when not known (see problem).
   */
  file: { in: 'sourcedir'; name: string } | { in: 'tree'; path: string } | null;
  strip: number;
  stripMode: StripMode;
  /** Where the patch applies, as for PrepPatchStep (pushd/cd, patch -d, git apply --directory). */
  directory: string;
  buildDirectory: string | null;
  dirUnknown?: string;
  /** patch -b / -z SUFFIX: backup files left beside the patched ones. */
  backupSuffix?: string;
  conditions: string[];
  active: Tri;
  /** How many entries of PrepAnalysis.steps %prep runs before this line. */
  stepsBefore: number;
  /** Why distsync cannot replay this line, with what to do: set instead of guessing. */
  problem?: string;
}

export interface PrepAnalysis {
  setup: PrepSetup | null;
  /** Every %setup/%autosetup line, first one = setup. */
  setups: PrepSetup[];
  steps: PrepPatchStep[];
  /** Every %autosetup (without -N) and %autopatch line, in order. */
  autoRuns: PrepAutoRun[];
  /** %prep applies patches by naming them (%patch lines, or %setup with none yet): a new patch needs a %patch line. false with %autosetup/%autopatch. */
  listsPatches: boolean;
  /** %prep shell lines that apply a patch (patch …, git apply …), in order. */
  shellPatches: PrepShellPatch[];
  /** Other non-empty, non-comment %prep lines (not %setup/%patch/directives/pure cd-pushd-popd lines, not shellPatches). */
  sideEffects: PrepSideEffect[];
  /** First line of the %prep body (the line after '%prep'). */
  prepStart: number;
  /** One past the last line of the %prep body (the next section header, or the line count). */
  prepEnd: number;
}

export interface ExpandResult {
  value: string;
  unresolved: string[];
}
