import { readShellLine, type ShellStage, type ShellWord } from './shell-words.js';
import { shellPatchOptions, type ShellPatchOptions } from './shell-patch-options.js';

/**
 * %prep shell lines that apply a patch besides %patch (`patch -p1 -i
 * patches/x.diff`, `patch -p1 < %{SOURCE91}`, `%{__patch} -p0 -s <
 * %{PATCH3}`, `git apply -p1 FILE`, `cat %{SOURCE5} | patch -p1`): which
 * file, with which -p, in which directory. A line whose shape distsync cannot
 * be sure of gets a problem (message + what to do) instead of a guess. Pure.
 */

const PATCH_TOOL = /^(?:patch|\/usr\/bin\/patch|\/bin\/patch|%\{__patch\}|%__patch)$/;
const GIT_TOOL = /^(?:git|\/usr\/bin\/git|\/bin\/git|%\{__git\}|%__git)$/;
const CAT_TOOL = /^(?:cat|\/usr\/bin\/cat|\/bin\/cat|%\{__cat\}|%__cat)$/;
const SOURCEDIR = /^(?:%\{_sourcedir\}|%_sourcedir|\$RPM_SOURCE_DIR|\$\{RPM_SOURCE_DIR\})\/([^/]+)$/;

/** Words that put a command after them (`do patch …`, `then git apply …`). */
const PREFIX_WORDS = new Set(['do', 'then', 'else', '!', 'time', 'command', 'exec', '{']);

export type ShellPatchTool = 'patch' | 'git apply' | 'git am';

/** The patch file of a shell line: a file of %{_sourcedir} (a SourceN/PatchN), or a path relative to the line's directory. */
export type ShellPatchFile = { in: 'sourcedir'; name: string } | { in: 'cwd'; path: string };

export interface ShellPatchLine extends ShellPatchOptions {
  tool: ShellPatchTool;
  file: ShellPatchFile | null;
  problem?: string;
}

const ONE_LINE = 'write it as one patch per line: `patch -pN -i FILE`, `patch -pN < %{SOURCEn}` or `git apply -pN FILE`, with a literal file name or %{SOURCEn}/%{PATCHn}';

/** The tool a stage runs, when it applies patches. */
function toolOf(stage: ShellStage): ShellPatchTool | null {
  const words = stage.words.map((w) => w.text);
  while (words.length > 0 && PREFIX_WORDS.has(words[0]!)) words.shift();
  const [cmd, sub] = words;
  if (cmd === undefined) return null;
  if (PATCH_TOOL.test(cmd)) return 'patch';
  if (GIT_TOOL.test(cmd) && (sub === 'apply' || sub === 'am')) return sub === 'apply' ? 'git apply' : 'git am';
  return null;
}

/** Does this (macro-expanded) line run patch / git apply / git am anywhere? */
export function appliesPatch(expanded: string): boolean {
  return readShellLine(expanded).commands.some((pipeline) => pipeline.some((s) => toolOf(s) !== null));
}

/** Read a macro-expanded %prep line that appliesPatch(). */
export function readShellPatch(expanded: string): ShellPatchLine {
  const line = readShellLine(expanded);
  const applying = line.commands.flatMap((pl) => pl.filter((s) => toolOf(s) !== null));
  const tool = toolOf(applying[0]!)!;
  const fail = (problem: string): ShellPatchLine => ({ tool, file: null, strip: 0, stripMode: 'explicit', problem });
  if (tool === 'git am') return fail('`git am` needs a git repository made in %prep; distsync cannot replay it as a source-git commit. Use `%autosetup -S git_am` with PatchN tags, or ' + ONE_LINE);
  if (line.complex) return fail(`the line uses shell syntax distsync does not evaluate (subshell, loop, $(…), backgrounding); ${ONE_LINE}`);
  if (line.commands.length !== 1 || applying.length !== 1) return fail(`the line runs other commands besides the patch; ${ONE_LINE}`);
  const pipeline = line.commands[0]!;
  const stage = pipeline.at(-1)!;
  if (toolOf(stage) === null) return fail(`the patch tool's output is piped on; ${ONE_LINE}`);
  let piped: ShellWord | undefined;
  if (pipeline.length === 2) {
    const feeder = pipeline[0]!;
    if (!CAT_TOOL.test(feeder.words[0]?.text ?? '') || feeder.words.length !== 2 || feeder.redirects.length > 0) {
      return fail(`only \`cat FILE | patch …\` is understood as a pipe into the patch tool (a compressed patch needs decompressing that distsync does not replay); ${ONE_LINE}`);
    }
    piped = feeder.words[1]!;
  } else if (pipeline.length > 2) return fail(`the patch comes through a pipeline of ${pipeline.length - 1} commands; ${ONE_LINE}`);
  const opts = shellPatchOptions(tool, stage);
  if ('problem' in opts) return fail(`${opts.problem}; ${ONE_LINE}`);
  const inputs = [...(piped ? [piped] : []), ...opts.inputs];
  if (inputs.length !== 1) return fail(inputs.length === 0 ? `the line does not name the patch file; ${ONE_LINE}` : `the line names ${inputs.length} patch files; ${ONE_LINE}`);
  const file = patchFile(inputs[0]!);
  if (typeof file === 'string') return fail(file);
  const { inputs: _ignored, ...rest } = opts;
  return { tool, file, ...rest };
}

function patchFile(w: ShellWord): ShellPatchFile | string {
  const m = SOURCEDIR.exec(w.text);
  if (m && !/[$%`*?]/.test(m[1]!)) return { in: 'sourcedir', name: m[1]! };
  if (w.dynamic || /%/.test(w.text)) return `the patch file '${w.text}' is not known before the build runs (a shell variable, a glob or a macro distsync cannot expand); name it literally or as %{SOURCEn}/%{PATCHn}`;
  if (w.text.startsWith('/')) return `the patch file ${w.text} is a file of the build host; ship it in dist-git as a SourceN and apply %{SOURCEn}`;
  return { in: 'cwd', path: w.text };
}
