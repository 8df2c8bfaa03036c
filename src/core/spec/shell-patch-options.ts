import type { ShellStage, ShellWord } from './shell-words.js';
import type { StripMode } from './types.js';

/**
 * The options of a `patch` / `git apply` command in %prep that matter to
 * replaying it: -p, -d / --directory, -b / -z (backup files), and the patch
 * file (-i, stdin, git's file arguments). Options that would change what the
 * line does in a way distsync does not replay (-R, -o, -r, positional
 * original files, --include…) give a problem. Pure.
 */
export interface ShellPatchOptions {
  strip: number;
  stripMode: StripMode;
  /** -d DIR / --directory=DIR (patch: run in DIR; git apply: prepend DIR to the paths). */
  dirOption?: string;
  backupSuffix?: string;
}

type Parsed = (ShellPatchOptions & { inputs: ShellWord[] }) | { problem: string };

/** GNU patch flags without an argument that change nothing distsync replays differently. */
const PATCH_FLAGS = new Set('sNtfElueZTU'.split(''));
const PATCH_LONG_FLAGS = new Set(['silent', 'quiet', 'forward', 'batch', 'force', 'ignore-whitespace', 'remove-empty-files', 'no-backup-if-mismatch', 'backup-if-mismatch', 'verbose', 'unified', 'set-utc', 'set-time', 'posix', 'binary']);
const GIT_FLAGS = new Set(['-v', '--verbose', '-q', '--quiet', '--index', '--ignore-whitespace', '--ignore-space-change', '--recount', '--unidiff-zero', '--allow-empty']);

export function shellPatchOptions(tool: 'patch' | 'git apply', stage: ShellStage): Parsed {
  const inputs: ShellWord[] = [];
  for (const r of stage.redirects) {
    if (r.op === '<' && r.target) inputs.push(r.target);
    else if (r.op.includes('<')) return { problem: `redirection ${r.op} is not understood` };
  }
  const words = stage.words.slice(tool === 'patch' ? 1 : 2);
  return tool === 'patch' ? gnuPatch(words, inputs) : gitApply(words, inputs);
}

function gnuPatch(words: ShellWord[], inputs: ShellWord[]): Parsed {
  let strip: number | undefined;
  let dirOption: string | undefined;
  let backup = false;
  let suffix: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    const long = /^--([a-z-]+)(?:=(.*))?$/.exec(w);
    if (long) {
      const [, name, inline] = long;
      const value = () => inline ?? words[++i]?.text;
      if (name === 'strip') strip = toNumber(value());
      else if (name === 'input') {
        const input = inline !== undefined ? { text: inline, dynamic: words[i]!.dynamic } : words[++i];
        if (!input) return { problem: 'patch option --input has no value' };
        inputs.push(input);
      }
      else if (name === 'directory') dirOption = value();
      else if (name === 'backup') backup = true;
      else if (name === 'suffix') suffix = value();
      else if (name === 'fuzz' || name === 'version-control' || name === 'prefix' || name === 'basename-prefix' || name === 'reject-format' || name === 'quoting-style') value();
      else if (!PATCH_LONG_FLAGS.has(name!)) return { problem: `patch option --${name} is not replayed by distsync` };
      continue;
    }
    if (!w.startsWith('-') || w === '-') return { problem: `patch with a file argument (${w}) patches that one file; distsync replays only \`patch [-pN] < FILE\` / \`-i FILE\`` };
    for (let k = 1; k < w.length; k++) {
      const letter = w[k]!;
      if (PATCH_FLAGS.has(letter)) continue;
      if (letter === 'b') {
        backup = true;
        continue;
      }
      if (!'pidzFVBY'.includes(letter)) return { problem: `patch option -${letter} is not replayed by distsync` };
      const rest = w.slice(k + 1);
      const arg = rest !== '' ? { text: rest, dynamic: words[i]!.dynamic } : words[++i];
      if (arg === undefined) return { problem: `patch option -${letter} has no value` };
      if (letter === 'p') strip = toNumber(arg.text);
      else if (letter === 'i') inputs.push(arg);
      else if (letter === 'd') dirOption = arg.text;
      else if (letter === 'z') suffix = arg.text;
      break;
    }
    if (strip !== undefined && Number.isNaN(strip)) return { problem: `patch -p needs a number` };
  }
  const out: ShellPatchOptions & { inputs: ShellWord[] } = {
    strip: strip ?? 0,
    // GNU patch without -p uses base names only, as for %autosetup without -p
    stripMode: strip === undefined ? 'basename' : 'explicit',
    inputs,
  };
  if (dirOption !== undefined) out.dirOption = dirOption;
  if (backup || suffix !== undefined) out.backupSuffix = suffix ?? '.orig';
  return out;
}

function gitApply(words: ShellWord[], inputs: ShellWord[]): Parsed {
  let strip: number | undefined;
  let dirOption: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    const p = /^-p([0-9]*)$/.exec(w);
    if (p) strip = toNumber(p[1] !== '' ? p[1] : words[++i]?.text);
    else if (w.startsWith('--directory=')) dirOption = w.slice('--directory='.length);
    else if (w.startsWith('--whitespace=') || GIT_FLAGS.has(w)) continue;
    else if (w.startsWith('-') && w !== '-') return { problem: `git apply option ${w} is not replayed by distsync` };
    else if (w !== '-') inputs.push(words[i]!);
    if (strip !== undefined && Number.isNaN(strip)) return { problem: 'git apply -p needs a number' };
  }
  const out: ShellPatchOptions & { inputs: ShellWord[] } = { strip: strip ?? 1, stripMode: strip === undefined ? 'tool-default' : 'explicit', inputs };
  if (dirOption !== undefined) out.dirOption = dirOption;
  return out;
}

function toNumber(s: string | undefined): number {
  return s !== undefined && /^[0-9]+$/.test(s) ? Number(s) : NaN;
}
